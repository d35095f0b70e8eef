"""Writes of the roster: a worker added, edited, confirmed by themselves or marked as left."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit
from unionhome.permissions import require

from .. import rules
from ..exceptions import RosterError
from ..models import Branch, Worker
from ..snapshots import WORKER_FIELDS

# The facts the worker confirms (portal and member information sheet): changing one asks again.
CONFIRMED_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "hire_date", "is_member", "member_since",
    "card_number", "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason",
)  # fmt: skip


def _check_worker(data: dict, *, exclude_pk: int | None = None) -> None:
    """Domain checks shared by every door (forms show the same messages earlier)."""
    try:
        data["id_number"] = rules.validate_id_number(data["id_number"])
    except rules.IdNumberError as exc:
        raise RosterError(id_number_message(exc.code), code="id_number") from exc
    if data.get("gender") and rules.id_gender(data["id_number"]) != data["gender"]:
        raise RosterError(_("The gender does not match the ID number."), code="gender")
    others = Worker.objects.exclude(pk=exclude_pk) if exclude_pk else Worker.objects.all()
    if others.filter(id_number=data["id_number"]).exists():
        raise RosterError(_("A worker with this ID number is already on a roster."), code="duplicate")
    if data.get("card_number") and others.filter(card_number=data["card_number"]).exists():
        raise RosterError(_("This membership card number is already used."), code="card_number")
    if data.get("is_member") and not data.get("member_since"):
        raise RosterError(_("A member must have a join date."), code="member_since")
    if data.get("card_issued") and not (data.get("is_member") and data.get("card_number")):
        raise RosterError(_("A card marked as issued needs a member and a card number."), code="card")
    status = data.get("membership_status") or Worker._meta.get_field("membership_status").default
    if status != "normal" and not data.get("membership_status_on"):
        raise RosterError(
            _("A membership status other than normal needs the date it took effect."),
            code="membership_status_on",
        )


def id_number_message(code: str) -> str:
    return {
        "shape": _("An ID number has 17 digits followed by a digit or X."),
        "birth_date": _("The birth date inside the ID number is not a real date."),
        "checksum": _("The ID number's check digit is wrong (GB 11643)."),
    }.get(code, _("This is not a valid ID number."))


@transaction.atomic
def worker_create(*, actor, branch: Branch, **data) -> Worker:
    require(actor, "branches.manage_roster", branch)
    if not branch.is_active:
        raise RosterError(_("A closed unit cannot receive workers."), code="closed")
    data = {k: (rules.normalise_text(v) if isinstance(v, str) else v) for k, v in data.items()}
    _check_worker(data)
    worker = Worker(branch=branch, **data)
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError as exc:
        raise RosterError(
            _("A worker with this ID number or card number already exists."), code="duplicate"
        ) from exc
    return audit.created(actor=actor, action="worker.create", obj=worker, fields=WORKER_FIELDS)


@transaction.atomic
def worker_update(*, actor, worker: Worker, branch: Branch | None = None, **data) -> Worker:
    require(actor, "branches.manage_roster", worker.branch)
    if branch is not None and branch.pk != worker.branch_id:
        require(actor, "branches.manage_roster", branch)
        if not branch.is_active:
            raise RosterError(_("A closed unit cannot receive workers."), code="closed")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    version = data.pop("version", None)
    try:
        with (
            transaction.atomic(),  # a savepoint: a duplicate refused by the database leaves the rest usable
            audit.changing(
                actor=actor,
                obj=worker,
                fields=WORKER_FIELDS,
                action="worker.update",
                version=version,
                submitted={**data, **({"branch": branch} if branch else {})},
            ),
        ):
            data = {k: (rules.normalise_text(v) if isinstance(v, str) else v) for k, v in data.items()}
            merged = {**{f: getattr(worker, f) for f in WORKER_FIELDS if f != "branch_id"}, **data}
            _check_worker(merged, exclude_pk=worker.pk)
            if "confirmed_on" not in data and any(merged[f] != getattr(worker, f) for f in CONFIRMED_FIELDS):
                merged["confirmed_on"] = None  # the worker is asked to confirm the changed facts again
            for key, value in merged.items():
                setattr(worker, key, value)
            if branch is not None:
                worker.branch = branch
    except IntegrityError as exc:
        raise RosterError(
            _("A worker with this ID number or card number already exists."), code="duplicate"
        ) from exc
    return worker


@transaction.atomic
def worker_confirm(*, actor, worker: Worker) -> Worker:
    """The worker confirms their own member facts (portal); the date is kept until an officer changes them."""
    require(actor, "branches.confirm_own_facts", worker)
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    with audit.changing(actor=actor, obj=worker, fields=WORKER_FIELDS, action="worker.confirm"):
        worker.confirmed_on = timezone.localdate()
    return worker


@transaction.atomic
def worker_leave(
    *, actor, worker: Worker, status: str = Worker.Status.LEFT, left_on: dt.date | None = None
) -> Worker:
    """Mark a worker as left or retired; the record and its history stay."""
    require(actor, "branches.manage_roster", worker.branch)
    if status not in (Worker.Status.LEFT, Worker.Status.RETIRED):
        raise RosterError(_("Choose left or retired."), code="status")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    if worker.status != Worker.Status.ACTIVE:
        raise RosterError(_("This worker is no longer active."), code="not_active")
    with audit.changing(actor=actor, obj=worker, fields=WORKER_FIELDS, action="worker.leave"):
        worker.status = status
        worker.left_on = left_on or timezone.localdate()
    return worker
