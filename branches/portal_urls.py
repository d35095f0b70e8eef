from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_profile, name="profile"),
]
