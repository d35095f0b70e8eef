"""The roster spreadsheet import: every row checked, then all of it written or none."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unionhome import audit, bulkcopy, permissions, scope
from unionhome.models import AuditEvent

from .. import counters, roster_io, rules
from ..exceptions import RosterError, RosterImportRefused
from ..models import Branch, MembershipTransfer, Worker
from .roster import CONFIRMED_FIELDS, WORKER_FIELDS
from .transfers import transfer_start_many

IMPORT_BATCH = 1000
_LOOKUP_CHUNK = 900  # below SQLite's historical 999-parameter limit
IMPORT_CHUNK = _LOOKUP_CHUNK  # rows checked (and written) together: one look-up query per kind
# On PostgreSQL the checked rows and their audit events are COPYed into staging tables chunk by
# chunk and merged once at the end (``_Staged``); other databases write each chunk in batches.
USE_COPY = True


def may_import_roster(user, unit: Branch) -> bool:
    """Roster import into ``unit`` (``branches.import_roster``; the roster jobs ask it)."""
    return permissions.allowed(user, "branches.import_roster", unit)


@dataclass(frozen=True)
class Claim:
    """A row whose ID number and name match a worker active on another enterprise's roster: the
    import can only start a membership transfer for it, to ``branch``, the unit the row names."""

    row: int
    worker: Worker
    branch: Branch
    holder: str = ""  # the other enterprise's name, only when the importer's scope covers it


@dataclass
class ImportPlan:
    """What an import did or would do: counts, the problems found, the claims and transfers."""

    unit: Branch
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_active: int = 0  # active workers of the unit not in the file (marked left on request)
    problems: list = field(default_factory=list)
    claims: list = field(default_factory=list)  # Claim rows (workers of other enterprises)
    transfers: list = field(default_factory=list)  # the MembershipTransfers the import started

    @property
    def ok(self) -> bool:
        return not self.problems


def _chunks(items, size: int = _LOOKUP_CHUNK):
    """Lists of up to ``size`` items of any iterable (streamed: one list at a time)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unit_codes(unit: Branch) -> dict[str, Branch]:
    return {b.code: b for b in Branch.objects.filter(path__startswith=unit.path).order_by("path")}


def _padded(keys: list, step: int = 100) -> list:
    """``keys`` repeated at the end up to a multiple of ``step``: an IN (...) look-up then has one of
    a few shapes, so that SQLite's per-connection cache of prepared statements (128 of them, each
    as large as its parameter list) does not fill up with one statement per chunk size."""
    if keys and len(keys) % step:
        keys = keys + [keys[-1]] * (step - len(keys) % step)
    return keys


class _FileKeys:
    """The first row of each ID number and card number met in the file (and, while writing, the
    card numbers the file took from workers), kept in a private on-disk SQLite database with a small
    page cache: a 200,000-row file is checked for duplicates without holding its keys in memory."""

    ID, CARD, RELEASED = 0, 1, 2

    def __init__(self):
        import sqlite3

        self.db = sqlite3.connect(
            "", cached_statements=8
        )  # "": a temporary database on disk, deleted on close
        self.db.executescript(
            "PRAGMA cache_size = -2048; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE seen (kind INTEGER, key TEXT, row INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID;"
        )

    def first_rows(self, kind: int, keys: list[str]) -> dict[str, int]:
        if not keys:
            return {}
        keys = _padded(keys)
        marks = ",".join("?" * len(keys))  # only placeholders go into the text; the keys are parameters
        query = f"SELECT key, row FROM seen WHERE kind = ? AND key IN ({marks})"  # noqa: S608
        return dict(self.db.execute(query, [kind, *keys]))

    def add(self, kind: int, pairs) -> None:
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", ((kind, k, r) for k, r in pairs))

    def close(self) -> None:
        self.db.close()


class _Planner:
    """Check the rows of a roster file chunk by chunk and work out (or, with ``write``, make) the
    changes, so that memory holds one chunk whatever the size of the file.

    Every row is checked against the roster as it was before the import: a chunk's look-ups run
    before the chunk is written, duplicates are found through ``_FileKeys`` and a card number the
    file took from one worker counts as taken for a later row, so a preview and the import it
    confirms find the same problems. Writing stops at the first problem (the caller's transaction
    then rolls back what was written) while checking goes on, so the report lists every problem.

    A row whose ID number is on another enterprise's roster is never written, and nothing of that
    worker is shown: the row says only that the ID number is another union's member's. When the
    file's name matches too and the worker is active, with ``claimable`` None (a preview offering
    transfers) or holding that worker's pk it becomes a Claim, otherwise a row problem. Claims are
    turned into problems too when the file has other problems. A file matching more workers of other
    enterprises than ``UNIONHOME["IMPORT_OUTSIDE_MAX"]`` (or, beyond a few, a larger share of its
    rows than ``IMPORT_OUTSIDE_SHARE``) is refused as a whole (``OutsideMatchesRefused``): an import
    is no way to look up who works where.
    """

    def __init__(self, *, actor, unit: Branch, lock: bool, claimable, write: bool, progress):
        self.actor, self.unit, self.lock, self.claimable, self.write = actor, unit, lock, claimable, write
        self.progress = progress
        self.enterprise = scope.enterprise_of(unit) or unit
        self.units = _unit_codes(unit)
        self.by_id = {b.pk: b for b in self.units.values()}
        enterprises = list(Branch.objects.filter(kind=Branch.Kind.ENTERPRISE).values_list("path", flat=True))
        self.enterprise_paths = {
            code: scope.enterprise_path_of(b.path, enterprises) for code, b in self.units.items()
        }
        self.allowed = {
            code: permissions.allowed(actor, "branches.import_roster", b) for code, b in self.units.items()
        }
        self.plan = ImportPlan(unit=unit)
        self.outside = 0  # rows whose ID number is on another enterprise's roster
        self.issues: list[rules.RowIssue] = []
        self.keys = _FileKeys()
        self.staged: _Staged | None = None
        self.copy = write and USE_COPY and bulkcopy.available()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.keys.close()

    def run(self, rows) -> ImportPlan:
        plan = self.plan
        for chunk in _chunks(rows, IMPORT_CHUNK):
            self._chunk(chunk)
            plan.total += len(chunk)
            self._limit_outside(final=False)
            if self.progress is not None:
                self.progress(plan.total)
        self._limit_outside(final=True)
        if self.issues and plan.claims:
            self.issues.extend(
                rules.RowIssue(
                    c.row, "身份证号", c.worker.id_number, "other_enterprise", (("unit", c.holder),)
                )
                if c.holder
                else rules.RowIssue(c.row, "身份证号", c.worker.id_number, "transfer_possible")
                for c in plan.claims
            )
            plan.claims = []
        if self.issues:
            self.issues.sort(key=lambda i: (i.row, rules.column_order(i.column)))
            plan.problems = roster_io.describe(self.issues)
            plan.created = plan.updated = 0
            return plan
        if self.staged is not None:
            self.staged.merge()
        plan.missing_active = sum(len(ids) for ids in self._missing())
        return plan

    def _limit_outside(self, *, final: bool) -> None:
        limits = settings.UNIONHOME
        count, total = self.outside, self.plan.total
        too_many = count > limits["IMPORT_OUTSIDE_MAX"]
        if final and not too_many and count > OUTSIDE_SHARE_FLOOR:
            too_many = count > limits["IMPORT_OUTSIDE_SHARE"] * total
        if too_many:
            raise OutsideMatchesRefused(
                _(
                    "The file was refused as a whole: %(count)s of its ID numbers belong to members of "
                    "other unions, more than one import may look up. Nothing was imported; the attempt "
                    "was recorded."
                )
                % {"count": count},
                problems=[],
                matches=count,
                rows=total,
            )

    def _missing(self) -> Iterator[list[int]]:
        """The pks of the unit's active workers whose ID number is not in the file, slice by slice."""
        workers = Worker.objects.filter(branch__path__startswith=self.unit.path, status=Worker.Status.ACTIVE)
        last = 0
        while True:
            batch = list(
                workers.filter(pk__gt=last).order_by("pk").values_list("pk", "id_number")[:_LOOKUP_CHUNK]
            )
            if not batch:
                return
            last = batch[-1][0]
            found = self.keys.first_rows(_FileKeys.ID, [number for _pk, number in batch])
            yield [pk for pk, number in batch if number not in found]

    def mark_missing_as_left(self) -> None:
        today = timezone.localdate()
        # each slice is updated before the next is read (pk order), so the walk is not disturbed
        for ids in self._missing():
            leaving = list(Worker.objects.select_for_update().select_related("branch").filter(pk__in=ids))
            rows_audit = []
            for worker in leaving:
                before = audit.snapshot(worker, WORKER_FIELDS)
                worker.status, worker.left_on, worker.updated_at = Worker.Status.LEFT, today, self.now
                rows_audit.append((worker, before, audit.snapshot(worker, WORKER_FIELDS)))
            Worker.objects.bulk_update(leaving, ["status", "left_on", "updated_at"])
            audit.record_many(actor=self.actor, action="worker.import_leave", model=Worker, rows=rows_audit)

    def _home_of(self, row: rules.RosterRow) -> str:
        return self.enterprise_paths.get(row.unit_code) or self.enterprise.path

    def _candidates(self, chunk) -> list[rules.RosterRow]:
        """The rows of a chunk that pass the row rules, the unit and scope checks and are no
        duplicates of an earlier row of the file."""
        issues = self.issues
        passed = []
        for number, cells in chunk:
            row, row_issues = rules.check_roster_row(
                number, cells, self.units, today=self.today, age_range=settings.UNIONHOME_WORKER_AGE_RANGE
            )
            if row is None:
                issues.extend(row_issues)
            elif not self.units[row.unit_code].is_active:
                issues.append(rules.RowIssue(number, "组织编码", row.unit_code, "unit_closed"))
            elif not self.allowed[row.unit_code]:
                issues.append(rules.RowIssue(number, "组织编码", row.unit_code, "out_of_scope"))
            else:
                passed.append(row)
        keys = self.keys
        seen_ids = keys.first_rows(keys.ID, list({r.id_number for r in passed}))
        seen_cards = keys.first_rows(keys.CARD, list({r.card_number for r in passed if r.card_number}))
        new_ids: dict[str, int] = {}
        new_cards: dict[str, int] = {}
        valid = []
        for row in passed:
            other = seen_ids.get(row.id_number) or new_ids.setdefault(row.id_number, row.row)
            if other != row.row:
                issues.append(
                    rules.RowIssue(
                        row.row, "身份证号", row.id_number, "duplicate_id", (("other", str(other)),)
                    )
                )
                continue
            if row.card_number:
                other = seen_cards.get(row.card_number) or new_cards.setdefault(row.card_number, row.row)
                if other != row.row:
                    issues.append(
                        rules.RowIssue(
                            row.row, "会员证号", row.card_number, "duplicate_card", (("other", str(other)),)
                        )
                    )
                    continue
            valid.append(row)
        keys.add(keys.ID, new_ids.items())
        keys.add(keys.CARD, new_cards.items())
        return valid

    def _chunk(self, chunk) -> None:
        valid = self._candidates(chunk)
        if not valid:
            return
        plan, issues = self.plan, self.issues
        workers = Worker.objects.select_related("branch")
        if self.lock:
            workers = workers.select_for_update(of=("self",))
        existing = {w.id_number: w for w in workers.filter(id_number__in=[r.id_number for r in valid])}
        cards = [r.card_number for r in valid if r.card_number]
        card_owner = dict(
            Worker.objects.filter(card_number__in=cards).values_list("card_number", "id_number")
        )
        released = self.keys.first_rows(_FileKeys.RELEASED, cards)
        outsiders = [
            w.pk
            for r in valid
            if (w := existing.get(r.id_number)) is not None
            and w.status == Worker.Status.ACTIVE
            and not w.branch.path.startswith(self._home_of(r))
        ]
        in_transfer: set[int] = set()
        if outsiders:
            in_transfer.update(
                MembershipTransfer.objects.filter(
                    worker_id__in=_padded(outsiders), state__in=rules.TRANSFER_OPEN_STATES
                ).values_list("worker_id", flat=True)
            )
        new: list[tuple] = []
        changes: list[tuple[Worker, dict, str]] = []  # (worker, before, card number before)
        for row in valid:
            worker = existing.get(row.id_number)
            if worker is not None and not worker.branch.path.startswith(self._home_of(row)):
                issue = self._other_enterprise(row, worker, in_transfer)
                if issue is not None:
                    issues.append(issue)
                continue
            if row.card_number and (
                row.card_number in released or card_owner.get(row.card_number, row.id_number) != row.id_number
            ):
                issues.append(rules.RowIssue(row.row, "会员证号", row.card_number, "card_taken"))
                continue
            values = _worker_values(row, self.units[row.unit_code])
            if worker is None:
                new.append(_new_values(values))
                continue
            if worker.status != Worker.Status.ACTIVE and values["status"] == Worker.Status.ACTIVE:
                values["left_on"] = None
            elif values["status"] != Worker.Status.ACTIVE and worker.status == values["status"]:
                values["left_on"] = worker.left_on
            elif values["status"] != Worker.Status.ACTIVE:
                values["left_on"] = timezone.localdate()
            if all(getattr(worker, k) == v for k, v in values.items()):
                plan.unchanged += 1
                continue
            before = audit.snapshot(worker, WORKER_FIELDS)
            card_before = worker.card_number
            if any(k in CONFIRMED_FIELDS and getattr(worker, k) != v for k, v in values.items()):
                values["confirmed_on"] = None  # the worker is asked to confirm their facts again
            for key, value in values.items():
                setattr(worker, key, value)
            changes.append((worker, before, card_before))
        plan.created += len(new)
        plan.updated += len(changes)
        if self.write and not issues:
            self._write(new, changes)

    def _other_enterprise(self, row: rules.RosterRow, worker: Worker, in_transfer: set[int]):
        """The row problem (or None and a Claim) of a row whose ID number is on another enterprise's
        roster. Within the importer's scope the row names that enterprise; outside it, nothing of the
        worker is shown, not even which union, and a transfer is offered only when the file's name
        matches the record too (the officer then knows the worker; docs/PERMISSIONS.md)."""
        seen = permissions.allowed(self.actor, "branches.see_worker", worker)
        holder = ""
        if seen:
            owner = scope.enterprise_of(worker.branch)
            holder = owner.name if owner else worker.branch.name
        else:
            self.outside += 1
        active = worker.status == Worker.Status.ACTIVE
        if not seen and not (active and _same_name(worker.name, row.name)):
            return rules.RowIssue(row.row, "身份证号", row.id_number, "other_union")
        if not active:
            code = "other_enterprise_left"
        elif worker.pk in in_transfer:
            code = "transfer_open"
        elif self.claimable is None or worker.pk in self.claimable:
            self.plan.claims.append(Claim(row.row, worker, self.units[row.unit_code], holder))
            return None
        else:
            code = "other_enterprise" if seen else "transfer_possible"
        return rules.RowIssue(row.row, "身份证号", row.id_number, code, (("unit", holder),) if seen else ())

    def _write(self, new: list[tuple], changes: list[tuple[Worker, dict, str]]) -> None:
        actor = self.actor
        if self.copy and self.staged is None:
            self.staged = _Staged()
        staged = self.staged
        if new:
            batch = [Worker(**dict(zip(NEW_FIELDS, values, strict=True))) for values in new]
            if staged is not None:  # ids from the sequence now, the rows at the merge
                for worker, pk in zip(batch, bulkcopy.reserve_ids(Worker, len(batch)), strict=True):
                    worker.pk = pk
                staged.created.copy(batch)
            else:
                Worker.objects.bulk_create(batch, batch_size=IMPORT_BATCH)
            for worker in batch:
                worker.branch = self.by_id[worker.branch_id]
            events = audit.events_for(
                actor=actor,
                action="worker.import_create",
                model=Worker,
                rows=[(w, None, audit.snapshot(w, WORKER_FIELDS)) for w in batch],
            )
            self._write_events(events)
        if changes:
            for worker, _before, _card in changes:
                worker.updated_at = self.now
                worker.branch = self.by_id[worker.branch_id]
            workers = [w for w, _b, _c in changes]
            if staged is not None:
                staged.updated.copy(workers, adding=False)
            else:
                Worker.objects.bulk_update(workers, [*UPDATE_FIELDS, "updated_at"])
            events = audit.events_for(
                actor=actor,
                action="worker.import_update",
                model=Worker,
                rows=[(w, before, audit.snapshot(w, WORKER_FIELDS)) for w, before, _c in changes],
            )
            self._write_events(events)
            self.keys.add(
                _FileKeys.RELEASED,
                ((card, 0) for w, _b, card in changes if card and card != w.card_number),
            )

    def _write_events(self, events) -> None:
        if self.staged is not None:
            self.staged.events.copy(events)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=IMPORT_BATCH)


class _Staged:
    """The PostgreSQL path of the import's writes (``unionhome.bulkcopy``): new workers, changed
    workers and their audit events COPYed into three staging tables as the chunks are checked, then
    merged with one ``INSERT … SELECT``, one ``UPDATE … FROM`` and one ``INSERT … SELECT``, inside
    the import's transaction (a failure in any of them leaves nothing). The rows and events are
    those the batch path writes, with the same ids (taken from the sequence when staged)."""

    def __init__(self):
        self.created = bulkcopy.Staging(Worker)
        self.updated = bulkcopy.Staging(Worker, [*UPDATE_FIELDS, "updated_at"])
        self.events = bulkcopy.Staging(AuditEvent, with_pk=False)

    def merge(self) -> None:
        self.updated.update()
        self.created.insert()
        self.events.insert()
        for staging in (self.created, self.updated, self.events):
            staging.drop()


OUTSIDE_SHARE_FLOOR = 5  # up to this many matches of other unions' members, the share is not checked


class OutsideMatchesRefused(RosterImportRefused):
    """A roster file matching too many workers of other enterprises (see ``_Planner``)."""

    def __init__(self, message, *, problems, matches: int, rows: int):
        super().__init__(message, problems=problems, code="roster_outside")
        self.matches, self.rows = matches, rows


def _log_outside(actor, unit: Branch, exc: OutsideMatchesRefused) -> None:
    """The refused attempt goes to the access log, under the unit (the federation sees it)."""
    audit.access(
        user=actor,
        kind="view",
        obj=unit,
        detail="roster_import_outside",
        matches=exc.matches,
        rows=exc.rows,
    )


def _same_name(a: str, b: str) -> bool:
    return "".join(str(a).split()) == "".join(str(b).split())


def _worker_values(row: rules.RosterRow, branch: Branch) -> dict:
    """The Worker fields a row sets: the twelve columns, and the real-name facts when the file has them."""
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
        **(row.real_name or {}),
    }


def roster_import_preview(
    *, actor, unit: Branch, rows, progress=None, offer_transfers: bool = False
) -> ImportPlan:
    """What ``roster_import`` would do with these rows, without writing anything.

    With ``offer_transfers`` the rows of workers active on another enterprise's roster are listed
    in ``plan.claims`` (for the officer to choose to start transfers) instead of being problems.
    """
    permissions.require(actor, "branches.import_roster", unit)
    try:
        with _Planner(
            actor=actor,
            unit=unit,
            lock=False,
            claimable=None if offer_transfers else frozenset(),
            write=False,
            progress=progress,
        ) as planner:
            return planner.run(rows)
    except OutsideMatchesRefused as exc:
        _log_outside(actor, unit, exc)
        raise


def roster_import(*, actor, unit: Branch, **kwargs) -> ImportPlan:
    """``_roster_import`` (below); a file refused for its matches of other unions' members is
    written to the access log after the import's transaction rolled back."""
    try:
        return _roster_import(actor=actor, unit=unit, **kwargs)
    except OutsideMatchesRefused as exc:
        _log_outside(actor, unit, exc)
        raise


@transaction.atomic
def _roster_import(
    *,
    actor,
    unit: Branch,
    rows,
    mark_missing_as_left: bool = False,
    progress: Callable[[int], None] | None = None,
    start_transfers_for: Collection[int] = (),
) -> ImportPlan:
    """Import roster rows into ``unit``'s subtree, all or nothing, in one transaction.

    Rows are matched by ID number: existing workers of the unit's enterprise are updated, new ones
    created; a file with any problem raises ``RosterImportRefused`` and nothing it wrote stays. The
    rows are read once, checked and written chunk by chunk (see ``_Planner``). Workers of the unit
    missing from the file are marked as left only when asked. The unit's enterprise row is locked
    for the duration, so two imports into one enterprise do not interleave.

    A row of a worker active on another enterprise's roster is a problem, unless the worker's pk is
    in ``start_transfers_for`` (the officer chose so in the preview): then the import does not write
    that worker but starts a membership transfer (``transfer_start_many``, state "claimed") that
    the other union's officer releases or refuses; nothing of that worker changes before.
    """
    permissions.require(actor, "branches.import_roster", unit)
    enterprise = scope.enterprise_of(unit) or unit
    Branch.objects.select_for_update().filter(pk=enterprise.pk).first()
    with _Planner(
        actor=actor, unit=unit, lock=True, claimable=set(start_transfers_for), write=True, progress=progress
    ) as planner:
        try:
            with transaction.atomic():
                plan = planner.run(rows)
                if plan.problems:
                    raise RosterImportRefused(
                        roster_io.refusal_message(plan.problems), problems=plan.problems
                    )
        except IntegrityError as exc:
            raise RosterError(
                _("The roster changed while the file was imported (another import or edit); try again."),
                code="conflict",
            ) from exc
        if mark_missing_as_left and plan.missing_active:
            planner.mark_missing_as_left()
    # the bulk writes above bypass the model's signals: count the enterprise's units again
    counters.recount(Branch.objects.filter(path__startswith=enterprise.path).values_list("pk", flat=True))
    by_branch: dict[int, list[Claim]] = {}
    for claim in plan.claims:
        by_branch.setdefault(claim.branch.pk, []).append(claim)
    for claims in by_branch.values():
        plan.transfers += transfer_start_many(
            actor=actor,
            workers=[c.worker for c in claims],
            to_unit=claims[0].branch,
            reason=_("On the roster file imported into %(unit)s.") % {"unit": unit.name},
        )
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
            "transfers_started": len(plan.transfers),
        },
    )
    return plan


UPDATE_FIELDS = [f if f != "branch_id" else "branch" for f in WORKER_FIELDS]
# The fields of a worker the import creates. The twelve columns set the first ones; the real-name
# facts come from the optional columns, or are the model defaults for a twelve-column file (whose
# import leaves these facts of existing workers unchanged).
REAL_NAME_FIELDS = (
    "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason",
)  # fmt: skip
NEW_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued", *REAL_NAME_FIELDS,
)  # fmt: skip


_NEW_DEFAULTS = {f: Worker._meta.get_field(f).get_default() for f in REAL_NAME_FIELDS}


def _new_values(values: dict) -> tuple:
    return tuple(values[f] if f in values else _NEW_DEFAULTS[f] for f in NEW_FIELDS)
