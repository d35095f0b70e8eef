from django.urls import path

from . import views, views_members, views_transfers
from . import views_committees as vc

app_name = "portal"

urlpatterns = [
    path("", views.portal_profile, name="profile"),
    path("confirm/", views_members.portal_confirm, name="confirm"),
    path("sheet.pdf", views_members.portal_sheet, name="sheet"),
    path("transfers/", views_transfers.portal_transfers, name="transfers"),
    path("transfers/<int:pk>/cancel/", views_transfers.portal_transfer_cancel, name="transfer_cancel"),
    path("committees/", vc.portal_committees, name="committees"),
]
