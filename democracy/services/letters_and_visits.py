"""Writes of letters and visits (来信来访): petitions, their answers and the flag for abnormal petitions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, permissions

from ..exceptions import Conflict, DemocracyError
from ..models import Petition

PETITION_FIELDS = ("handling", "result", "answered_on", "abnormal", "flag_reason")


@transaction.atomic
def petition_record(
    *, actor, enterprise: Branch, kind: str, received_on: dt.date, petitioner: str, subject: str
) -> Petition:
    permissions.require(actor, "democracy.manage_petition", enterprise)
    petition = Petition.objects.create(
        enterprise=enterprise,
        kind=kind,
        received_on=received_on,
        petitioner=petitioner.strip(),
        subject=subject.strip(),
    )
    return audit.created(actor=actor, action="petition.create", obj=petition, branch_path=enterprise.path)


@transaction.atomic
def petition_answer(
    *, actor, petition: Petition, handling: str, result: str, answered_on: dt.date
) -> Petition:
    permissions.require(actor, "democracy.manage_petition", petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if answered_on < petition.received_on:
        raise DemocracyError(_("The answer cannot come before the letter or visit."), code="dates")
    with audit.changing(
        actor=actor,
        obj=petition,
        fields=PETITION_FIELDS,
        action="petition.answer",
        branch_path=petition.enterprise.path,
    ):
        petition.handling, petition.result, petition.answered_on = (
            handling.strip(),
            result.strip(),
            answered_on,
        )
    return petition


@transaction.atomic
def petition_flag(*, actor, petition: Petition, abnormal: bool, reason: str = "") -> Petition:
    """Mark (or clear) an abnormal collective or over-level petition: a veto fact of the assessment,
    so only the federation sets or clears it, with a reason either way."""
    permissions.require(actor, "democracy.flag_petition", petition)
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if abnormal and not reason.strip():
        raise DemocracyError(_("Give the reason for the flag."), code="reason")
    if not reason.strip():
        raise DemocracyError(_("Give the reason for clearing the flag."), code="reason")
    if petition.abnormal == abnormal:
        raise Conflict(_("The flag is already set that way."))
    with audit.changing(
        actor=actor,
        obj=petition,
        fields=PETITION_FIELDS,
        action="petition.flag",
        branch_path=petition.enterprise.path,
    ):
        petition.abnormal = abnormal
        petition.flag_reason = reason.strip()
        petition.flagged_by = actor if abnormal else None
    return petition
