"""Writes of the work ledgers: keyword-only, atomic, permission-checked, audited, version-checked.

Every entry's typed data is checked against its kind's schema here (``rules.check_data``), its
references (a workshop, a worker, a congress term or session) against the entry's unit, and the
kind's own rules (a hidden danger's deadline and closing date); nothing is written on a refusal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.models import Branch, Worker
from democracy import selectors as democracy_selectors
from unionhome import audit, downloads, permissions, scope, versioning
from unionhome.exceptions import DomainError

from . import kinds, rules
from .models import LedgerAttachment, LedgerEntry, LedgerParticipant

# Attachments: judged by their first bytes (filetype), never by the name or the browser.
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
EARLIEST = dt.date(2000, 1, 1)
ENTRY_FIELDS = ("branch_id", "kind", "date", "title", "status")


class LedgerError(DomainError):
    """A refused ledger write; ``errors`` maps a field name to its message."""

    def __init__(self, message, *, code: str | None = None, errors: dict | None = None):
        super().__init__(message, code=code)
        self.errors = errors or {}


def _messages() -> dict[str, str]:
    return {
        "required": _("This field is required."),
        "too_long": _("The text is too long."),
        "choice": _("Choose one of the options."),
        "date": _("Enter a date as YYYY-MM-DD."),
        "number": _("Enter a number."),
        "reference": _("Choose one of the options."),
        "min": _("The value is too small."),
        "max": _("The value is too large."),
        "before_found": _("The date is before the day the hidden danger was found."),
        "future": _("The date is in the future."),
        "not_in_unit": _("It does not belong to this unit."),
        "hours": _("Enter the hours of each participant."),
        "hours_range": _("A participant's hours lie between 0.5 and 200."),
        "hours_step": _("Enter a participant's hours in half hours."),
        "status": _("Choose one of the statuses."),
        "more_than_voters": _("More members satisfied than took part."),
    }


def _refuse(errors: dict[str, str]):
    messages = _messages()
    raise LedgerError(
        _("The entry was not saved: check the marked fields."),
        code="invalid",
        errors={name: messages.get(code, code) for name, code in errors.items()},
    )


def enterprise_root(branch: Branch) -> Branch:
    """The unit whose roster an entry may name: the enterprise holding the unit, else the unit."""
    return scope.enterprise_of(branch) or branch


def _kind(code: str) -> kinds.Kind:
    spec = kinds.get(code)
    if spec is None or spec.linked:
        raise LedgerError(_("Unknown ledger kind."), code="kind")
    return spec


def _check_references(actor, spec: kinds.Kind, branch: Branch, data: dict, errors: dict) -> None:
    root = enterprise_root(branch)
    for f in spec.fields:
        value = data.get(f.name)
        if value is None or f.type not in rules.REFERENCE_TYPES:
            continue
        if f.type == rules.UNIT:
            ok = Branch.objects.filter(pk=value, path__startswith=branch.path, is_active=True).exists()
        elif f.type == rules.WORKER:
            ok = Worker.objects.filter(pk=value, branch__path__startswith=root.path).exists()
        elif f.type == rules.TERM:
            ok = democracy_selectors.terms(actor).filter(pk=value, enterprise__path=root.path).exists()
        else:
            term = data.get("term")
            ok = democracy_selectors.sessions(actor).filter(pk=value, term_id=term).exists()
        if not ok:
            errors[f.name] = "not_in_unit"


def _kind_rules(spec: kinds.Kind, date: dt.date, data: dict, status: str, errors: dict) -> str:
    """The kind's own rules; returns the status the entry takes."""
    today = timezone.localdate()
    if spec.code == "hidden_danger":
        errors.update(
            rules.hidden_danger_errors(
                found_on=date,
                deadline=rules.as_date(data.get("deadline")),
                closed_on=rules.as_date(data.get("closed_on")),
                today=today,
            )
        )
        return kinds.RECTIFIED if data.get("closed_on") else kinds.OPEN
    if spec.code == "cadre_evaluation":
        errors.update(
            rules.cadre_evaluation_errors(voters=data.get("voters"), satisfied=data.get("satisfied"))
        )
    if spec.code == "union_finance":
        difference = rules.finance_difference(data.get("book_value"), data.get("counted_value"))
        if difference is not None:
            data["difference"] = str(difference)
    if not spec.has_status:
        return ""
    if not status:
        return spec.statuses[0][0]
    if status not in dict(spec.statuses):
        errors["status"] = "status"
    return status


def _check_participants(spec: kinds.Kind, branch: Branch, participants, errors: dict) -> list[tuple]:
    """[(worker_id, hours, role)]: workers of the unit's enterprise, once each."""
    if spec.participants == kinds.NO_PARTICIPANTS:
        return []
    root = enterprise_root(branch)
    seen: dict[int, tuple] = {}
    for worker_id, hours, role in participants or ():
        try:
            worker_id = int(worker_id)
        except (TypeError, ValueError):
            errors["participants"] = "not_in_unit"
            continue
        if spec.participants == kinds.HOURS:
            error = rules.participant_hours_error(hours)
            if error:
                errors["participants"] = error
                continue
            hours = Decimal(str(hours).strip())
        else:
            hours = None
        role = str(role or "").strip()
        if len(role) > rules.ROLE_MAX:
            errors["participants"] = "too_long"
            continue
        seen[worker_id] = (worker_id, hours, role)
    if seen:
        known = set(
            Worker.objects.filter(pk__in=seen, branch__path__startswith=root.path).values_list(
                "pk", flat=True
            )
        )
        if known != set(seen):
            errors["participants"] = "not_in_unit"
    return list(seen.values())


def _validate(actor, spec, branch, date, title, raw, status, participants):
    errors: dict[str, str] = {}
    if not isinstance(date, dt.date):
        errors["date"] = "date"
    elif date > timezone.localdate():
        errors["date"] = "future"
    elif date < EARLIEST:
        errors["date"] = "min"
    if not str(title or "").strip():
        errors["title"] = "required"
    checked = rules.check_data(spec.fields, raw or {})
    errors.update(checked.errors)
    _check_references(actor, spec, branch, checked.data, errors)
    status = _kind_rules(spec, date, checked.data, status, errors) if "date" not in errors else status
    people = _check_participants(spec, branch, participants, errors)
    if errors:
        _refuse(errors)
    return checked.data, status, people


def _snapshot(entry: LedgerEntry, people=None) -> dict:
    """The audited state: the entry's columns, each typed field as its own key, the participants."""
    snap = audit.snapshot(entry, ENTRY_FIELDS)
    snap.update({key: value for key, value in (entry.data or {}).items() if key not in snap})
    rows = people if people is not None else entry.participants.values_list("worker_id", "hours", "role")
    snap["participants"] = [
        {"worker": w, "hours": str(h) if h is not None else None, "role": r} for w, h, r in rows
    ]
    return snap


def _write_participants(entry: LedgerEntry, people) -> None:
    entry.participants.all().delete()
    LedgerParticipant.objects.bulk_create(
        [LedgerParticipant(entry=entry, worker_id=w, hours=h, role=r) for w, h, r in people]
    )


@transaction.atomic
def entry_create(
    *,
    actor,
    branch: Branch,
    kind: str,
    date: dt.date,
    title: str,
    data: dict | None = None,
    status: str = "",
    participants=(),
) -> LedgerEntry:
    permissions.require(actor, "ledgers.record_entry", branch)
    spec = _kind(kind)
    if not branch.is_active:
        raise LedgerError(_("The unit is closed."), code="closed")
    clean, status, people = _validate(actor, spec, branch, date, title, data, status, participants)
    entry = LedgerEntry.objects.create(
        branch=branch,
        kind=kind,
        date=date,
        title=str(title).strip(),
        data=clean,
        status=status,
        created_by=actor,
    )
    _write_participants(entry, people)
    audit.record(actor=actor, action="ledgers.entry.create", obj=entry, after=_snapshot(entry, people))
    return entry


def _lock(entry: LedgerEntry) -> LedgerEntry:
    return LedgerEntry.objects.select_for_update().select_related("branch").get(pk=entry.pk)


@transaction.atomic
def entry_update(
    *,
    actor,
    entry: LedgerEntry,
    date: dt.date,
    title: str,
    data: dict | None = None,
    status: str = "",
    participants=(),
    version=None,
) -> LedgerEntry:
    entry = _lock(entry)
    permissions.require(actor, "ledgers.edit_entry", entry)
    versioning.check(entry, version, {"date": date, "title": title, "status": status})
    spec = _kind(entry.kind)
    clean, status, people = _validate(actor, spec, entry.branch, date, title, data, status, participants)
    before = _snapshot(entry)
    entry.date, entry.title, entry.data, entry.status = date, str(title).strip(), clean, status
    entry.save()
    _write_participants(entry, people)
    audit.record(
        actor=actor, action="ledgers.entry.update", obj=entry, before=before, after=_snapshot(entry, people)
    )
    return entry


@transaction.atomic
def entry_delete(*, actor, entry: LedgerEntry) -> None:
    entry = _lock(entry)
    permissions.require(actor, "ledgers.edit_entry", entry)
    audit.record(actor=actor, action="ledgers.entry.delete", obj=entry, before=_snapshot(entry))
    for attachment in entry.attachments.all():
        attachment.file.delete(save=False)
    entry.delete()


def check_attachment(file) -> tuple[str, str]:
    """(content type, extension) of an uploaded file, judged by its first bytes; refuses anything else."""
    if file.size > ATTACHMENT_MAX_BYTES:
        raise LedgerError(
            _("The file is larger than %(mb)s MB.") % {"mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    if file.size == 0:
        raise LedgerError(_("The file is empty."), code="empty")
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    mime, extension = downloads.sniffed_type(head)
    if mime not in ATTACHMENT_TYPES:
        raise LedgerError(_("Only PDF, JPG, PNG, Word or Excel files are accepted."), code="type")
    return mime, ATTACHMENT_TYPES[mime]


@transaction.atomic
def attachment_add(*, actor, entry: LedgerEntry, file) -> LedgerAttachment:
    entry = _lock(entry)
    permissions.require(actor, "ledgers.edit_entry", entry)
    mime, extension = check_attachment(file)
    attachment = LedgerAttachment(
        entry=entry,
        extension=extension,
        original_name=downloads.display_name(getattr(file, "name", ""))[:200] or f"file.{extension}",
        content_type=mime,
        size=file.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"attachment.{extension}", file, save=False)
    attachment.save()
    audit.record(
        actor=actor,
        action="ledgers.attachment.add",
        obj=attachment,
        branch_path=entry.branch.path,
        after={"name": attachment.original_name, "size": attachment.size, "content_type": mime},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment: LedgerAttachment) -> None:
    entry = _lock(attachment.entry)
    permissions.require(actor, "ledgers.edit_entry", entry)
    audit.record(
        actor=actor,
        action="ledgers.attachment.delete",
        obj=attachment,
        branch_path=entry.branch.path,
        before={"name": attachment.original_name, "size": attachment.size},
    )
    attachment.file.delete(save=False)
    attachment.delete()
