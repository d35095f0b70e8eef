from django.urls import path

from .views import portal

app_name = "democracy_portal"

urlpatterns = [
    path("", portal.home, name="home"),
    path("proposals/add/", portal.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/", portal.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/rate/", portal.proposal_rate, name="proposal_rate"),
    path("proposals/<int:pk>/cosign/", portal.proposal_cosign, name="proposal_cosign"),
    path("votes/<int:pk>/", portal.vote, name="vote"),
    path("evaluations/<int:pk>/", portal.evaluation, name="evaluation"),
    path("disclosures/", portal.disclosure_list, name="disclosure_list"),
    path("disclosures/<int:pk>/", portal.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:pk>/attachment/", portal.disclosure_attachment, name="disclosure_attachment"),
    path("surveys/<int:pk>/", portal.survey, name="survey"),
    path("resolutions/", portal.resolutions, name="resolutions"),
    path("contracts/<int:pk>/", portal.contract, name="contract"),
]
