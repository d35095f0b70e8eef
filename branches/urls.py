from django.urls import path

from . import views, views_members, views_transfers
from . import views_committees as vc

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

urlpatterns += [
    path("branches/<int:pk>/committees/", vc.unit_committees, name="unit_committees"),
    path("branches/<int:pk>/committees/add/", vc.committee_create, name="committee_create"),
    path("committees/<int:pk>/terms/add/", vc.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", vc.term_edit, name="term_edit"),
    path("terms/<int:pk>/seats/add/", vc.seat_create, name="seat_create"),
    path("seats/<int:pk>/end/", vc.seat_end, name="seat_end"),
    path("committees/calendar/", vc.term_calendar, name="term_calendar"),
    path("committees/export/", vc.committee_export, name="committee_export"),
    path("branches/<int:pk>/posts/", vc.unit_posts, name="unit_posts"),
    path("branches/<int:pk>/posts/establish/", vc.posts_establish, name="posts_establish"),
    path("posts/<int:pk>/assign/", vc.post_assign, name="post_assign"),
    path("posts/vacant/", vc.vacant_posts, name="vacant_posts"),
    path("branches/<int:pk>/leadership/", vc.leadership, name="leadership"),
    path("branches/<int:pk>/leadership/edit/", vc.leadership_edit, name="leadership_edit"),
    path("branches/<int:pk>/leadership/members/add/", vc.leadership_member_add, name="leadership_member_add"),
    path("leadership-members/<int:pk>/remove/", vc.leadership_member_remove, name="leadership_member_remove"),
    path("branches/<int:pk>/funds/", vc.unit_funds, name="unit_funds"),
    path("branches/<int:pk>/funds/add/", vc.remittance_create, name="remittance_create"),
    path("funds/", vc.funds_overview, name="funds_overview"),
    path("funds/<int:pk>/payments/add/", vc.payment_create, name="payment_create"),
    path("funds/<int:pk>/withheld/", vc.remittance_withheld, name="remittance_withheld"),
    path("payments/<int:pk>/confirm/", vc.payment_confirm, name="payment_confirm"),
]

from . import views_roster  # noqa: E402

urlpatterns += [
    path("roster/template/", views_roster.roster_template, name="roster_template"),
    path("roster/import/", views_roster.roster_import, name="roster_import"),
    path("roster/export/", views_roster.roster_export, name="roster_export"),
    path("roster/jobs/<int:pk>/", views_roster.roster_job, name="roster_job"),
    path("roster/jobs/<int:pk>/progress/", views_roster.roster_job_progress, name="roster_job_progress"),
    path("roster/jobs/<int:pk>/confirm/", views_roster.roster_job_confirm, name="roster_job_confirm"),
    path("roster/jobs/<int:pk>/report/", views_roster.roster_job_report, name="roster_job_report"),
    path("roster/jobs/<int:pk>/download/", views_roster.roster_job_download, name="roster_job_download"),
]
