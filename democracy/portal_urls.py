from django.urls import path

from . import portal_views as views

app_name = "democracy_portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("proposals/add/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/rate/", views.proposal_rate, name="proposal_rate"),
    path("proposals/<int:pk>/cosign/", views.proposal_cosign, name="proposal_cosign"),
    path("votes/<int:pk>/", views.vote, name="vote"),
    path("evaluations/<int:pk>/", views.evaluation, name="evaluation"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:pk>/attachment/", views.disclosure_attachment, name="disclosure_attachment"),
    path("surveys/<int:pk>/", views.survey, name="survey"),
    path("resolutions/", views.resolutions, name="resolutions"),
    path("contracts/<int:pk>/", views.contract, name="contract"),
]
