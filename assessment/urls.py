from django.urls import path

from .views import assessments, home_evaluation, standards, units

app_name = "assessment"

urlpatterns = [
    path("", assessments.index, name="index"),
    path("new/", assessments.assessment_create, name="assessment_create"),
    path("<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path("<int:pk>/scores/", assessments.assessment_score, name="assessment_score"),
    path("<int:pk>/step/", assessments.assessment_transition, name="assessment_transition"),
    path("<int:pk>/veto/<int:rule>/", assessments.veto_confirm, name="veto_confirm"),
    path("<int:pk>/veto/<int:rule>/contest/", assessments.veto_contest, name="veto_contest"),
    path("<int:pk>/evidence/", assessments.evidence_upload, name="evidence_upload"),
    path("<int:pk>/report.pdf", assessments.assessment_pdf, name="assessment_pdf"),
    path("<int:pk>/report.xlsx", assessments.assessment_xlsx, name="assessment_xlsx"),
    path("evidence/<int:pk>/", assessments.evidence_download, name="evidence_download"),
    path("standards/", standards.standard_list, name="standard_list"),
    path("standards/new/", standards.standard_create, name="standard_create"),
    path("standards/import/", standards.standard_import, name="standard_import"),
    path("standards/<int:pk>/", standards.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/edit/", standards.standard_edit, name="standard_edit"),
    path("standards/<int:pk>/export/", standards.standard_export, name="standard_export"),
    path("units/<int:pk>/", units.unit, name="unit"),
    path("units/<int:pk>/award/", units.title_award, name="title_award"),
    path("titles/<int:pk>/file/", units.title_file, name="title_file"),
    path("titles/<int:pk>/recheck/", units.title_recheck, name="title_recheck"),
    path("overview/", units.overview, name="overview"),
    path("overview/export/", units.overview_export, name="overview_export"),
    path("commendation/", units.commendation, name="commendation"),
    path("rounds/", home_evaluation.round_list, name="round_list"),
    path("rounds/<int:pk>/", home_evaluation.round_detail, name="round_detail"),
    path("rounds/<int:pk>/close/", home_evaluation.round_close, name="round_close"),
]
