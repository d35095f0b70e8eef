from django.urls import path

from .views import committees, members, transfers

app_name = "portal"

urlpatterns = [
    path("", members.portal_profile, name="profile"),
    path("confirm/", members.portal_confirm, name="confirm"),
    path("sheet.pdf", members.portal_sheet, name="sheet"),
    path("transfers/", transfers.portal_transfers, name="transfers"),
    path("transfers/<int:pk>/cancel/", transfers.portal_transfer_cancel, name="transfer_cancel"),
    path("committees/", committees.portal_committees, name="committees"),
]
