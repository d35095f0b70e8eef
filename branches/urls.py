from django.urls import path

from . import views

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
