from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.assessment_create, name="assessment_create"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/scores/", views.assessment_score, name="assessment_score"),
    path("<int:pk>/step/", views.assessment_transition, name="assessment_transition"),
    path("<int:pk>/veto/<int:rule>/", views.veto_confirm, name="veto_confirm"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/report.pdf", views.assessment_pdf, name="assessment_pdf"),
    path("<int:pk>/report.xlsx", views.assessment_xlsx, name="assessment_xlsx"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/new/", views.standard_create, name="standard_create"),
    path("standards/import/", views.standard_import, name="standard_import"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/edit/", views.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/export/", views.standard_export, name="standard_export"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/award/", views.title_award, name="title_award"),
    path("overview/", views.overview, name="overview"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
]
