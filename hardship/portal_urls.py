from django.urls import path

from . import views

app_name = "hardship_portal"

urlpatterns = [
    path("", views.portal_index, name="index"),
    path("notices/", views.portal_notices, name="notices"),
    path("campaigns/<int:campaign_pk>/apply/", views.portal_apply, name="apply"),
    path("<int:pk>/", views.portal_detail, name="detail"),
    path("<int:pk>/edit/", views.portal_edit, name="edit"),
    path("<int:pk>/act/", views.portal_act, name="act"),
    path("<int:pk>/upload/", views.portal_upload, name="upload"),
    path("<int:pk>/uploads/<int:upload_pk>/", views.portal_download, name="download"),
    path("<int:pk>/uploads/<int:upload_pk>/delete/", views.portal_upload_delete, name="upload_delete"),
]
