from django.urls import path

from . import views

app_name = "hardship"

urlpatterns = [
    path("", views.index, name="index"),
    path("campaigns/new/", views.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/close/", views.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/reopen/", views.campaign_reopen, name="campaign_reopen"),
    path("campaigns/<int:pk>/balance/", views.balance, name="balance"),
    path("campaigns/<int:pk>/balance.xlsx", views.balance_xlsx, name="balance_xlsx"),
    path("campaigns/<int:pk>/balance/decide/", views.balance_decide, name="balance_decide"),
    path("campaigns/<int:pk>/enterprises/<int:enterprise_pk>/notice/", views.notice, name="notice"),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/notice.pdf", views.notice_pdf, name="notice_pdf"
    ),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/report.pdf", views.report_pdf, name="report_pdf"
    ),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/report.xlsx",
        views.report_xlsx,
        name="report_xlsx",
    ),
    path(
        "campaigns/<int:pk>/enterprises/<int:enterprise_pk>/report/",
        views.report_submit,
        name="report_submit",
    ),
    path("applications/paper/", views.paper_new, name="paper_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/act/", views.application_act, name="application_act"),
    path("applications/<int:pk>/objection/", views.application_objection, name="application_objection"),
    path("applications/<int:pk>/resolve/", views.application_resolve, name="application_resolve"),
    path("applications/<int:pk>/relief/", views.application_relief, name="application_relief"),
    path("applications/<int:pk>/upload/", views.application_upload, name="application_upload"),
    path("applications/<int:pk>/uploads/<int:upload_pk>/", views.upload_download, name="upload_download"),
    path("applications/<int:pk>/attachment1.pdf", views.attachment1_pdf, name="attachment1_pdf"),
    path("applications/<int:pk>/attachment1.xlsx", views.attachment1_xlsx, name="attachment1_xlsx"),
    path("files/", views.files, name="files"),
    path("files/<int:pk>/", views.file_detail, name="file_detail"),
    path("files/<int:pk>/help/", views.file_help, name="file_help"),
    path("files/<int:pk>/review/", views.file_review, name="file_review"),
    path("files/<int:pk>/close/", views.file_close, name="file_close"),
    path("files/<int:pk>/reopen/", views.file_reopen, name="file_reopen"),
    path("access-log/", views.access_log, name="access_log"),
]
