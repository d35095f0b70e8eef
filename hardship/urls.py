from django.urls import path

from .views import applications, balancing, campaigns, hardship_files, notices, worker_objections

app_name = "hardship"

urlpatterns = [
    path("", campaigns.index, name="index"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("objections/", worker_objections.objection_list, name="worker_objections"),
    path("objections/<int:pk>/record/", worker_objections.objection_record, name="worker_objection_record"),
    path(
        "objections/<int:pk>/dismiss/", worker_objections.objection_dismiss, name="worker_objection_dismiss"
    ),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/reopen/", campaigns.campaign_reopen, name="campaign_reopen"),
    path("campaigns/<int:pk>/balance/", balancing.balance, name="balance"),
    path("campaigns/<int:pk>/balance.xlsx", balancing.balance_xlsx, name="balance_xlsx"),
    path("campaigns/<int:pk>/balance/decide/", balancing.balance_decide, name="balance_decide"),
    path("campaigns/<int:pk>/enterprises/<int:enterprise_pk>/notice/", notices.notice, name="notice"),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/notice.pdf", notices.notice_pdf, name="notice_pdf"
    ),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/report.pdf", notices.report_pdf, name="report_pdf"
    ),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/report.xlsx",
        notices.report_xlsx,
        name="report_xlsx",
    ),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/report/",
        notices.report_submit,
        name="report_submit",
    ),
    path("applications/paper/", applications.paper_new, name="paper_new"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/act/", applications.application_act, name="application_act"),
    path(
        "applications/<int:pk>/objection/", applications.application_objection, name="application_objection"
    ),
    path("applications/<int:pk>/resolve/", applications.application_resolve, name="application_resolve"),
    path("applications/<int:pk>/relief/", applications.application_relief, name="application_relief"),
    path("applications/<int:pk>/upload/", applications.application_upload, name="application_upload"),
    path(
        "applications/<int:pk>/uploads/<int:upload_pk>/", applications.upload_download, name="upload_download"
    ),
    path("applications/<int:pk>/attachment1.pdf", applications.attachment1_pdf, name="attachment1_pdf"),
    path("applications/<int:pk>/attachment1.xlsx", applications.attachment1_xlsx, name="attachment1_xlsx"),
    path("files/", hardship_files.files, name="files"),
    path("files/new/", hardship_files.file_open, name="file_open"),
    path("files/<int:pk>/", hardship_files.file_detail, name="file_detail"),
    path("files/<int:pk>/help/", hardship_files.file_help, name="file_help"),
    path("files/<int:pk>/review/", hardship_files.file_review, name="file_review"),
    path("files/<int:pk>/close/", hardship_files.file_close, name="file_close"),
    path("files/<int:pk>/reopen/", hardship_files.file_reopen, name="file_reopen"),
    path("access-log/", hardship_files.access_log, name="access_log"),
]
