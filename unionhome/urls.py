from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import TemplateView

from unionhome import accounts, views, views_pickers

admin.site.site_header = admin.site.site_title = "职工之家 unionhome"

urlpatterns = [
    # browsers ask for /favicon.ico on pages without the icon link (error pages, files)
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("favicon.svg"))),
    path("", views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/2fa/", accounts.two_factor, name="two_factor"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("privacy/", TemplateView.as_view(template_name="privacy.html"), name="privacy"),
    path("office/pick/<str:name>/", views_pickers.pick, name="pick"),
    path("office/", include("branches.urls")),
    path("portal/", include("branches.portal_urls")),
    path("office/assessment/", include("assessment.urls")),
    path("portal/assessment/", include("assessment.portal_urls")),
    path("office/democracy/", include("democracy.urls")),
    path("portal/democracy/", include("democracy.portal_urls")),
    path("office/hardship/", include("hardship.urls")),
    path("portal/hardship/", include("hardship.portal_urls")),
    path("office/ledgers/", include("ledgers.urls")),
    path("portal/ledgers/", include("ledgers.portal_urls")),
    path("admin/", admin.site.urls),
]
