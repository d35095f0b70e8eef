from django.urls import path

from . import views
from . import views_committees as vc

app_name = "portal"

urlpatterns = [
    path("", views.portal_profile, name="profile"),
    path("committees/", vc.portal_committees, name="committees"),
]
