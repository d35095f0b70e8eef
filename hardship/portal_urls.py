from django.urls import path

from .views import portal, worker_objections

app_name = "hardship_portal"

urlpatterns = [
    path("", portal.portal_index, name="index"),
    path("notices/", portal.portal_notices, name="notices"),
    path("notices/<int:pk>/object/", worker_objections.portal_object, name="object"),
    path("campaigns/<int:campaign_pk>/apply/", portal.portal_apply, name="apply"),
    path("<int:pk>/", portal.portal_detail, name="detail"),
    path("<int:pk>/edit/", portal.portal_edit, name="edit"),
    path("<int:pk>/act/", portal.portal_act, name="act"),
    path("<int:pk>/upload/", portal.portal_upload, name="upload"),
    path("<int:pk>/uploads/<int:upload_pk>/", portal.portal_download, name="download"),
    path("<int:pk>/uploads/<int:upload_pk>/delete/", portal.portal_upload_delete, name="upload_delete"),
]
