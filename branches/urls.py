from django.urls import path

from . import views, views_members, views_transfers

app_name = "branches"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("branches/<int:pk>/", views.branch_detail, name="branch_detail"),
    path("branches/<int:pk>/add/", views.branch_create, name="branch_create"),
    path("branches/<int:pk>/rename/", views.branch_rename, name="branch_rename"),
    path("branches/<int:pk>/move/", views.branch_move, name="branch_move"),
    path("branches/<int:pk>/close/", views.branch_close, name="branch_close"),
    path("roster/", views.roster, name="roster"),
    path("roster/add/", views.worker_create, name="worker_create"),
    path("roster/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("roster/<int:pk>/edit/", views.worker_edit, name="worker_edit"),
    path("roster/<int:pk>/leave/", views.worker_leave, name="worker_leave"),
    path("access-log/", views.access_log, name="access_log"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("roster/<int:pk>/sheet.pdf", views_members.worker_sheet, name="worker_sheet"),
    path("roster/<int:pk>/transfer/", views_transfers.transfer_start, name="transfer_start"),
    path("transfers/", views_transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", views_transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/<slug:action>/", views_transfers.transfer_act, name="transfer_act"),
]
