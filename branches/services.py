"""Writes of the organisation and roster: one function per use case, permission-checked, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import scope

from . import audit, roster_io, rules
from .exceptions import BranchError, Conflict, DomainError, PermissionRefused, RosterError
from .models import Appointment, Branch, RosterJob, Worker

Role = Appointment.Role

WORKER_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued",
)  # fmt: skip
BRANCH_FIELDS = ("code", "name", "kind", "path", "is_active", "closed_on")


# --- who may ---------------------------------------------------------------------------------


def may_manage_roster(user, branch: Branch) -> bool:
    """Roster add / edit / mark left: branch officers in their subtree, union officers in their enterprise."""
    return scope.covers(user, branch.path, *scope.OFFICER_ROLES)


def may_create_child(user, parent: Branch, kind: str) -> bool:
    if scope.is_admin(user):
        return True
    if parent.kind == Branch.Kind.DISTRICT:
        return kind == Branch.Kind.ENTERPRISE and scope.covers(user, parent.path, Role.DISTRICT_REVIEWER)
    return scope.covers(user, parent.path, *scope.OFFICER_ROLES)


def may_change_node(user, branch: Branch) -> bool:
    """Rename / move / close: strictly below an officer's own node (an enterprise's officers keep it)."""
    return scope.covers_below(user, branch.path, *scope.OFFICER_ROLES)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionRefused(_("You do not have permission to do this."))


# --- the tree --------------------------------------------------------------------------------


@transaction.atomic
def branch_create(*, actor, parent: Branch | None, code: str, name: str, kind: str) -> Branch:
    code = rules.normalise_text(code)
    name = rules.normalise_text(name)
    if parent is None:
        _require(scope.is_admin(actor))
    else:
        _require(may_create_child(actor, parent, kind))
        if not parent.is_active:
            raise BranchError(_("A closed unit cannot receive new units."), code="closed")
        if not rules.may_hold(parent.kind, kind):
            raise BranchError(
                _("A %(child)s cannot be placed under a %(parent)s.")
                % {"child": Branch.Kind(kind).label, "parent": parent.get_kind_display()},
                code="kind",
            )
    if Branch.objects.filter(code=code).exists():
        raise BranchError(
            _("The code %(code)s is already used by another unit.") % {"code": code}, code="code"
        )
    node = Branch(code=code, name=name, kind=kind)
    node = (
        Branch.objects.add_root(instance=node)
        if parent is None
        else Branch.objects.add_child(parent, instance=node)
    )
    audit.record(actor=actor, action="branch.create", obj=node, after=audit.snapshot(node, BRANCH_FIELDS))
    return node


@transaction.atomic
def branch_rename(*, actor, branch: Branch, name: str, code: str | None = None) -> Branch:
    _require(may_change_node(actor, branch))
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    before = audit.snapshot(branch, BRANCH_FIELDS)
    branch.name = rules.normalise_text(name)
    if code is not None:
        code = rules.normalise_text(code)
        if Branch.objects.filter(code=code).exclude(pk=branch.pk).exists():
            raise BranchError(
                _("The code %(code)s is already used by another unit.") % {"code": code}, code="code"
            )
        branch.code = code
    branch.save(update_fields=["name", "code"])
    after = audit.snapshot(branch, BRANCH_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="branch.rename", obj=branch, before=before, after=after)
    return branch


@transaction.atomic
def branch_move(*, actor, branch: Branch, new_parent: Branch) -> Branch:
    _require(may_change_node(actor, branch))
    _require(may_create_child(actor, new_parent, branch.kind))
    if new_parent.path.startswith(branch.path):
        raise BranchError(_("A unit cannot be moved under itself or one of its own units."), code="cycle")
    if not rules.may_hold(new_parent.kind, branch.kind):
        raise BranchError(
            _("A %(child)s cannot be placed under a %(parent)s.")
            % {"child": branch.get_kind_display(), "parent": new_parent.get_kind_display()},
            code="kind",
        )
    if not new_parent.is_active:
        raise BranchError(_("A closed unit cannot receive new units."), code="closed")
    before = audit.snapshot(branch, BRANCH_FIELDS)
    branch.move(new_parent, pos="sorted-child")
    branch = Branch.objects.get(pk=branch.pk)
    audit.record(
        actor=actor,
        action="branch.move",
        obj=branch,
        before=before,
        after=audit.snapshot(branch, BRANCH_FIELDS),
    )
    return branch


@transaction.atomic
def branch_close(*, actor, branch: Branch, closed_on: dt.date | None = None) -> Branch:
    _require(may_change_node(actor, branch))
    branch = Branch.objects.select_for_update().get(pk=branch.pk)
    if not branch.is_active:
        raise BranchError(_("This unit is already closed."), code="closed")
    if Branch.objects.filter(path__startswith=branch.path, is_active=True).exclude(pk=branch.pk).exists():
        raise BranchError(_("Close or move the units under it first."), code="children")
    if Worker.objects.filter(branch=branch, status=Worker.Status.ACTIVE).exists():
        raise BranchError(_("Move or mark as left the active workers of this unit first."), code="workers")
    before = audit.snapshot(branch, BRANCH_FIELDS)
    branch.is_active = False
    branch.closed_on = closed_on or timezone.localdate()
    branch.save(update_fields=["is_active", "closed_on"])
    audit.record(
        actor=actor,
        action="branch.close",
        obj=branch,
        before=before,
        after=audit.snapshot(branch, BRANCH_FIELDS),
    )
    return branch


# --- the roster ------------------------------------------------------------------------------


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


def id_number_message(code: str) -> str:
    return {
        "shape": _("An ID number has 17 digits followed by a digit or X."),
        "birth_date": _("The birth date inside the ID number is not a real date."),
        "checksum": _("The ID number's check digit is wrong (GB 11643)."),
    }.get(code, _("This is not a valid ID number."))


@transaction.atomic
def worker_create(*, actor, branch: Branch, **data) -> Worker:
    _require(may_manage_roster(actor, branch))
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
    audit.record(actor=actor, action="worker.create", obj=worker, after=audit.snapshot(worker, WORKER_FIELDS))
    return worker


@transaction.atomic
def worker_update(*, actor, worker: Worker, branch: Branch | None = None, **data) -> Worker:
    _require(may_manage_roster(actor, worker.branch))
    if branch is not None and branch.pk != worker.branch_id:
        _require(may_manage_roster(actor, branch))
        if not branch.is_active:
            raise RosterError(_("A closed unit cannot receive workers."), code="closed")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    before = audit.snapshot(worker, WORKER_FIELDS)
    data = {k: (rules.normalise_text(v) if isinstance(v, str) else v) for k, v in data.items()}
    merged = {**{f: getattr(worker, f) for f in WORKER_FIELDS if f != "branch_id"}, **data}
    _check_worker(merged, exclude_pk=worker.pk)
    for key, value in merged.items():
        setattr(worker, key, value)
    if branch is not None:
        worker.branch = branch
    try:
        with transaction.atomic():
            worker.save()
    except IntegrityError as exc:
        raise RosterError(
            _("A worker with this ID number or card number already exists."), code="duplicate"
        ) from exc
    after = audit.snapshot(worker, WORKER_FIELDS)
    if audit.changed(before, after):
        audit.record(actor=actor, action="worker.update", obj=worker, before=before, after=after)
    return worker


@transaction.atomic
def worker_leave(
    *, actor, worker: Worker, status: str = Worker.Status.LEFT, left_on: dt.date | None = None
) -> Worker:
    """Mark a worker as left or retired; the record and its history stay."""
    _require(may_manage_roster(actor, worker.branch))
    if status not in (Worker.Status.LEFT, Worker.Status.RETIRED):
        raise RosterError(_("Choose left or retired."), code="status")
    worker = Worker.objects.select_for_update().select_related("branch").get(pk=worker.pk)
    if worker.status != Worker.Status.ACTIVE:
        raise RosterError(_("This worker is no longer active."), code="not_active")
    before = audit.snapshot(worker, WORKER_FIELDS)
    worker.status = status
    worker.left_on = left_on or timezone.localdate()
    worker.save(update_fields=["status", "left_on", "updated_at"])
    audit.record(
        actor=actor,
        action="worker.leave",
        obj=worker,
        before=before,
        after=audit.snapshot(worker, WORKER_FIELDS),
    )
    return worker


@transaction.atomic
def appointment_create(
    *,
    actor,
    user,
    branch: Branch,
    role: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    full_id_access: bool = False,
) -> Appointment:
    """Appoint a user to a role at a node (system administrators only)."""
    _require(scope.is_admin(actor))
    appointment = Appointment.objects.create(
        user=user,
        branch=branch,
        role=role,
        start=start or timezone.localdate(),
        end=end,
        full_id_access=full_id_access,
    )
    audit.record(
        actor=actor,
        action="appointment.create",
        obj=appointment,
        branch_path=branch.path,
        after=audit.snapshot(appointment),
    )
    scope.forget(user)
    return appointment


# --- the roster spreadsheet: import (all or nothing) and export ---------------------------------

IMPORT_BATCH = 1000
_LOOKUP_CHUNK = 900  # below SQLite's historical 999-parameter limit


def may_import_roster(user, unit: Branch) -> bool:
    """Roster import: union officers of the unit's enterprise (PERMISSIONS.md) and administrators."""
    return scope.covers(user, unit.path, Role.UNION_OFFICER)


def may_export_roster(user) -> bool:
    """Export what one may view, except workers (they see their own entry only)."""
    return scope.is_staff_member(user)


@dataclass
class ImportPlan:
    """What an import would do: counts, the problems found, and the rows to write."""

    unit: Branch
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_active: int = 0  # active workers of the unit not in the file (marked left on request)
    problems: list = field(default_factory=list)
    new: list = field(default_factory=list)  # tuples of NEW_FIELDS values (compact: built per batch)
    changes: list = field(default_factory=list)  # (worker, before snapshot)
    missing_ids: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _chunks(items: list, size: int = _LOOKUP_CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _unit_codes(unit: Branch) -> dict[str, Branch]:
    return {b.code: b for b in Branch.objects.filter(path__startswith=unit.path).order_by("path")}


def roster_unit_codes(*, actor, unit: Branch) -> list[tuple[str, str]]:
    """(code, name) of the active units an import into ``unit`` may name (for the template)."""
    return [(code, b.name) for code, b in _unit_codes(unit).items() if b.is_active]


def _plan(
    *, actor, unit: Branch, rows, progress: Callable[[int], None] | None = None, lock: bool = False
) -> ImportPlan:

    enterprise = scope.enterprise_of(unit) or unit
    units = _unit_codes(unit)
    all_enterprises = list(Branch.objects.filter(kind=Branch.Kind.ENTERPRISE).values_list("path", flat=True))
    enterprise_paths = {code: scope.enterprise_path_of(b.path, all_enterprises) for code, b in units.items()}
    allowed = {code: scope.covers(actor, b.path, Role.UNION_OFFICER) for code, b in units.items()}
    plan = ImportPlan(unit=unit)
    issues: list[rules.RowIssue] = []
    valid: list[rules.RosterRow] = []
    first_row_of_id: dict[str, int] = {}
    first_row_of_card: dict[str, int] = {}
    for count, (number, cells) in enumerate(rows, start=1):
        row, row_issues = rules.check_roster_row(number, cells, units)
        plan.total += 1
        if progress is not None and count % 1000 == 0:
            progress(count)
        if row is None:
            issues.extend(row_issues)
            continue
        target = units[row.unit_code]
        if not target.is_active:
            issues.append(rules.RowIssue(number, "组织编码", row.unit_code, "unit_closed"))
            continue
        if not allowed[row.unit_code]:
            issues.append(rules.RowIssue(number, "组织编码", row.unit_code, "out_of_scope"))
            continue
        other = first_row_of_id.setdefault(row.id_number, number)
        if other != number:
            issues.append(
                rules.RowIssue(number, "身份证号", row.id_number, "duplicate_id", (("other", str(other)),))
            )
            continue
        if row.card_number:
            other = first_row_of_card.setdefault(row.card_number, number)
            if other != number:
                issues.append(
                    rules.RowIssue(
                        number, "会员证号", row.card_number, "duplicate_card", (("other", str(other)),)
                    )
                )
                continue
        valid.append(row)

    workers = Worker.objects.select_related("branch")
    if lock:
        workers = workers.select_for_update(of=("self",))
    existing: dict[str, Worker] = {}
    ids = [r.id_number for r in valid]
    for chunk in _chunks(ids):
        for worker in workers.filter(id_number__in=chunk):
            existing[worker.id_number] = worker
    cards = [r.card_number for r in valid if r.card_number]
    card_owner: dict[str, str] = {}
    for chunk in _chunks(cards):
        card_owner.update(
            Worker.objects.filter(card_number__in=chunk).values_list("card_number", "id_number")
        )

    for row in valid:
        worker = existing.get(row.id_number)
        home = enterprise_paths.get(row.unit_code) or enterprise.path
        if worker is not None and not worker.branch.path.startswith(home):
            owner = scope.enterprise_of(worker.branch)
            issues.append(
                rules.RowIssue(
                    row.row,
                    "身份证号",
                    row.id_number,
                    "other_enterprise",
                    (("unit", owner.name if owner else worker.branch.name),),
                )
            )
            continue
        if row.card_number and card_owner.get(row.card_number, row.id_number) != row.id_number:
            issues.append(rules.RowIssue(row.row, "会员证号", row.card_number, "card_taken"))
            continue
        values = _worker_values(row, units[row.unit_code])
        if worker is None:
            plan.new.append(tuple(values[f] for f in NEW_FIELDS))
            continue
        if worker.status != Worker.Status.ACTIVE and values["status"] == Worker.Status.ACTIVE:
            values["left_on"] = None
        elif values["status"] != Worker.Status.ACTIVE and worker.status == values["status"]:
            values["left_on"] = worker.left_on
        elif values["status"] != Worker.Status.ACTIVE:
            values["left_on"] = timezone.localdate()
        before = audit.snapshot(worker, WORKER_FIELDS)
        if all(getattr(worker, k) == v for k, v in values.items()):
            plan.unchanged += 1
            continue
        for key, value in values.items():
            setattr(worker, key, value)
        plan.changes.append((worker, before))

    if issues:
        issues.sort(key=lambda i: (i.row, rules.ROSTER_COLUMNS.index(i.column) if i.column else -1))
        plan.problems = roster_io.describe(issues)
        plan.new, plan.changes = [], []
        return plan
    plan.created = len(plan.new)
    plan.updated = len(plan.changes)
    in_file = set(ids)
    plan.missing_ids = [
        pk
        for pk, number in Worker.objects.filter(
            branch__path__startswith=unit.path, status=Worker.Status.ACTIVE
        ).values_list("pk", "id_number")
        if number not in in_file
    ]
    plan.missing_active = len(plan.missing_ids)
    return plan


def _worker_values(row: rules.RosterRow, branch: Branch) -> dict:
    return {
        "name": row.name,
        "gender": row.gender,
        "id_number": row.id_number,
        "phone": row.phone,
        "employment_type": row.employment_type,
        "branch_id": branch.pk,
        "hire_date": row.hire_date,
        "status": row.status,
        "left_on": None if row.status == Worker.Status.ACTIVE else timezone.localdate(),
        "is_member": row.is_member,
        "member_since": row.member_since,
        "card_number": row.card_number,
        "card_issued": row.card_issued,
    }


def roster_import_preview(*, actor, unit: Branch, rows, progress=None) -> ImportPlan:
    """What ``roster_import`` would do with these rows, without writing anything."""
    _require(may_import_roster(actor, unit))
    return _plan(actor=actor, unit=unit, rows=rows, progress=progress)


@transaction.atomic
def roster_import(
    *,
    actor,
    unit: Branch,
    rows,
    mark_missing_as_left: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Import roster rows into ``unit``'s subtree, all or nothing, in one transaction.

    Rows are matched by ID number: existing workers of the unit's enterprise are updated, new ones
    created; a file with any problem raises ``RosterImportRefused`` and writes nothing. Workers of the
    unit missing from the file are marked as left only when asked. The unit's enterprise row is
    locked for the duration, so two imports into one enterprise do not interleave.
    """
    from .exceptions import RosterImportRefused

    _require(may_import_roster(actor, unit))
    enterprise = scope.enterprise_of(unit) or unit
    Branch.objects.select_for_update().filter(pk=enterprise.pk).first()
    plan = _plan(actor=actor, unit=unit, rows=rows, progress=progress, lock=True)
    if plan.problems:
        raise RosterImportRefused(
            roster_io.refusal_message(plan.problems),
            problems=plan.problems,
        )
    now = timezone.now()
    by_id = {b.pk: b for b in _unit_codes(unit).values()}
    done = 0
    try:
        with transaction.atomic():
            # batch by batch, each with its audit rows, so that memory holds one batch of them
            for rows in _chunks(plan.new, IMPORT_BATCH):
                batch = [Worker(**dict(zip(NEW_FIELDS, values, strict=True))) for values in rows]
                Worker.objects.bulk_create(batch)
                for worker in batch:
                    worker.branch = by_id[worker.branch_id]
                audit.record_many(
                    actor=actor,
                    action="worker.import_create",
                    model=Worker,
                    rows=[(w, None, audit.snapshot(w, WORKER_FIELDS)) for w in batch],
                )
                done += len(batch)
                if progress is not None:
                    progress(plan.total + done)
            for batch in _chunks(plan.changes, IMPORT_BATCH):
                for worker, _before in batch:
                    worker.updated_at = now
                    worker.branch = by_id[worker.branch_id]
                Worker.objects.bulk_update([w for w, _b in batch], [*UPDATE_FIELDS, "updated_at"])
                audit.record_many(
                    actor=actor,
                    action="worker.import_update",
                    model=Worker,
                    rows=[(w, before, audit.snapshot(w, WORKER_FIELDS)) for w, before in batch],
                )
                done += len(batch)
                if progress is not None:
                    progress(plan.total + done)
    except IntegrityError as exc:
        raise RosterError(
            _("The roster changed while the file was imported (another import or edit); try again."),
            code="conflict",
        ) from exc
    if mark_missing_as_left and plan.missing_ids:
        today = timezone.localdate()
        for ids in _chunks(plan.missing_ids):
            leaving = list(Worker.objects.select_for_update().select_related("branch").filter(pk__in=ids))
            rows_audit = []
            for worker in leaving:
                before = audit.snapshot(worker, WORKER_FIELDS)
                worker.status, worker.left_on, worker.updated_at = Worker.Status.LEFT, today, now
                rows_audit.append((worker, before, audit.snapshot(worker, WORKER_FIELDS)))
            Worker.objects.bulk_update(leaving, ["status", "left_on", "updated_at"])
            audit.record_many(actor=actor, action="worker.import_leave", model=Worker, rows=rows_audit)
    audit.record(
        actor=actor,
        action="roster.import",
        obj=unit,
        after={
            "rows": plan.total,
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "marked_left": plan.missing_active if mark_missing_as_left else 0,
        },
    )
    return plan


UPDATE_FIELDS = [f if f != "branch_id" else "branch" for f in WORKER_FIELDS]
NEW_FIELDS = WORKER_FIELDS


def roster_export_rows(*, actor, workers, masked: bool) -> Iterator[list]:
    """The cells of each worker (a queryset already scoped by a selector) in ROSTER_COLUMNS order."""
    gender = {v: k for k, v in rules.GENDER_LABELS.items()}
    employment = {v: k for k, v in rules.EMPLOYMENT_LABELS.items()}
    status = {v: k for k, v in rules.STATUS_LABELS.items()}
    full_paths = [p for p in scope.branches_for(actor) if scope.may_see_full_ids(actor, p)]
    rows = workers.order_by("branch__path", "name", "id").values_list(
        "name", "gender", "id_number", "phone", "employment_type", "branch__code", "hire_date",
        "is_member", "member_since", "card_number", "card_issued", "status", "branch__path",
    )  # fmt: skip
    for name, g, number, phone, emp, code, hired, member, since, card, issued, st, path in rows.iterator(
        chunk_size=2000
    ):
        if masked or not any(path.startswith(p) for p in full_paths):
            number = rules.mask_id_number(number)
        yield [
            name, gender[g], number, phone, employment[emp], code, hired,
            "是" if member else "否", since, card, "是" if issued else "否", status[st],
        ]  # fmt: skip


def roster_export(
    *, actor, workers, target, masked: bool = False, detail: str = "", branch_path: str = "", progress=None
) -> int:
    """Write the given (scoped) workers to an .xlsx and log the export in the access log."""

    _require(may_export_roster(actor))
    count = roster_io.write_roster(
        target, roster_export_rows(actor=actor, workers=workers, masked=masked), progress=progress
    )
    audit.access(
        user=actor,
        kind="export",
        object_type="branches.worker",
        branch_path=branch_path,
        detail=f"{count} rows {detail}".strip(),
    )
    return count


# --- roster jobs: the upload → preview → confirm flow, in the background when large -------------

PROBLEMS_ON_SCREEN = 500
JOB_DIR = "roster"


def _job_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def _new_job_file(suffix: str) -> str:
    directory = Path(settings.MEDIA_ROOT) / JOB_DIR
    directory.mkdir(parents=True, exist_ok=True)
    return f"{JOB_DIR}/{uuid.uuid4().hex}{suffix}"


def job_progress_key(job_id: int) -> str:
    return f"roster-job-progress-{job_id}"


def job_progress(job: RosterJob) -> int:
    """0–100: the progress reported by a running job (shared through the cache, Redis in production)."""
    if job.status in (RosterJob.Status.DONE, RosterJob.Status.READY, RosterJob.Status.REFUSED):
        return 100
    return int(cache.get(job_progress_key(job.pk), 0))


def _reporter(job: RosterJob, total: int, start: int, span: int) -> Callable[[int], None]:
    def report(done: int) -> None:
        share = min(done / total, 1.0) if total else 1.0
        cache.set(job_progress_key(job.pk), start + int(span * share), 3600)

    return report


def _job_step(job: RosterJob, action: str, **fields) -> RosterJob:
    """Apply one transition of rules.ROSTER_JOB_TRANSITIONS to a locked job row."""
    with transaction.atomic():
        locked = RosterJob.objects.select_for_update().get(pk=job.pk)
        nxt = rules.roster_job_next(locked.status, action)
        if nxt is None:
            raise Conflict(
                _("This job is already %(status)s.") % {"status": locked.get_status_display()},
                code="job_state",
            )
        before = locked.status
        locked.status = nxt
        for key, value in fields.items():
            setattr(locked, key, value)
        if nxt in (RosterJob.Status.DONE, RosterJob.Status.FAILED, RosterJob.Status.REFUSED):
            locked.finished_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise RosterError(
                _("Another import into this unit is running; wait until it has finished."), code="busy"
            ) from exc
        audit.record(
            actor=locked.created_by,
            action=f"roster_job.{action}",
            obj=locked,
            branch_path=locked.unit.path if locked.unit_id else "",
            before={"status": before},
            after={"status": nxt},
        )
    return locked


def roster_job_upload(*, actor, unit: Branch, upload) -> RosterJob:
    """Store an uploaded roster file (outside any public URL) and open an import job for it."""

    _require(may_import_roster(actor, unit))
    roster_io.check_size(upload.size or 0)
    name = _new_job_file(".xlsx")
    with open(_job_path(name), "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    job = RosterJob.objects.create(
        kind=RosterJob.Kind.IMPORT,
        unit=unit,
        created_by=actor,
        original_name=str(upload.name)[:200],
        upload=name,
    )
    audit.record(actor=actor, action="roster_job.upload", obj=job, branch_path=unit.path)
    return job


def roster_job_rows(job: RosterJob) -> int:
    """The number of data rows of a job's file (0 for a file that will be refused anyway)."""

    try:
        return roster_io.open_roster(roster_io.read_file(_job_path(job.upload))).total
    except DomainError:
        return 0


def _refuse_with(job: RosterJob, action: str, exc: DomainError, total: int = 0) -> RosterJob:
    from .exceptions import RosterImportRefused

    problems = getattr(exc, "problems", None) if isinstance(exc, RosterImportRefused) else None
    fields = {"message": str(exc.message), "total_rows": total}
    if problems:
        report = _new_job_file(".xlsx")
        roster_io.write_report(str(_job_path(report)), problems)
        fields.update(
            report=report,
            problem_count=len(problems),
            problems=[[p.row, p.column, p.value, p.reason] for p in problems[:PROBLEMS_ON_SCREEN]],
        )
    return _job_step(job, action, **fields)


def roster_job_check(*, job: RosterJob) -> RosterJob:
    """Preview an import job: every problem of the file, or the counts it would create/update."""
    from .exceptions import RosterImportRefused

    actor, unit = job.created_by, job.unit
    try:
        sheet = roster_io.open_roster(roster_io.read_file(_job_path(job.upload)))
        plan = roster_import_preview(
            actor=actor, unit=unit, rows=sheet.rows(), progress=_reporter(job, sheet.total, 0, 100)
        )
    except PermissionRefused:
        raise
    except DomainError as exc:
        return _refuse_with(job, "refuse", exc)
    if plan.problems:
        exc = RosterImportRefused(
            roster_io.refusal_message(plan.problems),
            problems=plan.problems,
        )
        return _refuse_with(job, "refuse", exc, plan.total)
    return _job_step(
        job,
        "checked",
        total_rows=plan.total,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        missing_count=plan.missing_active,
        message="",
    )


def roster_job_confirm(*, actor, job: RosterJob, mark_missing_as_left: bool) -> RosterJob:
    """The officer confirms a previewed import; refused while another import of the unit runs."""
    if job.created_by_id != actor.pk:
        raise PermissionRefused(_("You do not have permission to do this."))
    _require(may_import_roster(actor, job.unit))
    return _job_step(job, "confirm", mark_missing_as_left=mark_missing_as_left)


def roster_job_import(*, job: RosterJob) -> RosterJob:
    """Run a confirmed import (the whole file again, all or nothing) and record the outcome."""

    job = _job_step(job, "start")
    cache.set(job_progress_key(job.pk), 0, 3600)
    try:
        sheet = roster_io.open_roster(roster_io.read_file(_job_path(job.upload)))
        plan = roster_import(
            actor=job.created_by,
            unit=job.unit,
            rows=sheet.rows(),
            mark_missing_as_left=job.mark_missing_as_left,
            progress=_reporter(job, 2 * sheet.total, 0, 100),
        )
    except DomainError as exc:
        return _refuse_with(job, "refuse", exc)
    return _job_step(
        job,
        "finish",
        total_rows=plan.total,
        created_count=plan.created,
        updated_count=plan.updated,
        unchanged_count=plan.unchanged,
        missing_count=plan.missing_active,
        left_count=plan.missing_active if job.mark_missing_as_left else 0,
    )


def roster_job_export_start(*, actor, query: str, count: int) -> RosterJob:
    """Open a background export of the roster list as filtered by ``query`` (its GET parameters)."""
    _require(may_export_roster(actor))
    job = RosterJob.objects.create(
        kind=RosterJob.Kind.EXPORT,
        status=RosterJob.Status.QUEUED,
        created_by=actor,
        params={"query": query},
        total_rows=count,
        original_name=f"roster-{timezone.localdate():%Y%m%d}.xlsx",
    )
    audit.record(actor=actor, action="roster_job.export", obj=job, after={"query": query})
    return job


def roster_job_export(*, job: RosterJob, workers) -> RosterJob:
    """Run a background export into a file only its creator may download."""
    job = _job_step(job, "start")
    name = _new_job_file(".xlsx")
    try:
        count = roster_export(
            actor=job.created_by,
            workers=workers,
            target=str(_job_path(name)),
            detail=job.params.get("query", ""),
            progress=_reporter(job, job.total_rows, 0, 100),
        )
    except DomainError as exc:
        return _job_step(job, "fail", message=str(exc.message))
    return _job_step(job, "finish", result=name, total_rows=count)


def job_file(job: RosterJob, which: str) -> Path | None:
    name = getattr(job, which, "")
    return _job_path(name) if name else None
