"""Checking a roster file chunk by chunk and working out (or making) its changes (``Planner``)."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

import branches.services.imports as config
from unionhome import audit, bulkcopy, permissions, scope
from unionhome.models import AuditEvent

from ... import roster_io, rules
from ...models import Branch, MembershipTransfer, Worker
from ..roster import CONFIRMED_FIELDS, WORKER_FIELDS
from .common import (
    LOOKUP_CHUNK,
    NEW_FIELDS,
    OUTSIDE_SHARE_FLOOR,
    UPDATE_FIELDS,
    Claim,
    FileKeys,
    ImportPlan,
    OutsideMatchesRefused,
    chunks,
    new_values,
    padded,
    same_name,
    unit_codes,
    worker_values,
)
from .staged import Staged


class Planner:
    """Check the rows of a roster file chunk by chunk and work out (or, with ``write``, make) the
    changes, so that memory holds one chunk whatever the size of the file.

    Every row is checked against the roster as it was before the import: a chunk's look-ups run
    before the chunk is written, duplicates are found through ``FileKeys`` and a card number the
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
        self.units = unit_codes(unit)
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
        self.keys = FileKeys()
        self.staged: Staged | None = None
        self.copy = write and config.USE_COPY and bulkcopy.available()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.last_pk = Worker.objects.aggregate(last=Max("pk"))["last"] or 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.keys.close()

    def run(self, rows) -> ImportPlan:
        """Check (and write) every row; the writer thread of the PostgreSQL path is stopped on every
        way out, before the caller's transaction ends."""
        try:
            return self._run(rows)
        except DatabaseError:
            if self.staged is not None:
                self.staged.close()
                self.staged.check()  # a failed merge statement is the cause: raise that
            raise
        finally:
            if self.staged is not None:
                self.staged.close()

    def _run(self, rows) -> ImportPlan:
        """Chunk by chunk. On the PostgreSQL path the look-ups of a chunk are sent to the writer as
        soon as its rows are checked, and the chunk is finished after the next one's rows are
        checked: the database looks up (and merges) while Python reads on."""
        plan = self.plan
        if self.copy:
            self.staged = Staged()
        pending = None
        for chunk in chunks(rows, config.IMPORT_CHUNK):
            valid = self._candidates(chunk)
            probe = self.staged.probe(valid) if self.staged is not None and valid else None
            if pending is not None:
                self._finish(*pending)
            pending = (len(chunk), valid, probe)
        if pending is not None:
            self._finish(*pending)
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
        # the file's own rows, new or not, are never missing from it
        plan.missing_active = sum(len(ids) for ids in self._missing())
        if self.staged is not None:
            self.staged.merge()
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
        """The pks of the unit's active workers whose ID number is not in the file, slice by slice:
        of the workers on the roster before the import (a worker the import creates takes a pk from
        the sequence above ``last_pk``, and the walk skips the rows just written)."""
        workers = Worker.objects.filter(
            branch__path__startswith=self.unit.path, status=Worker.Status.ACTIVE, pk__lte=self.last_pk
        )
        last = 0
        while True:
            batch = list(
                workers.filter(pk__gt=last).order_by("pk").values_list("pk", "id_number")[:LOOKUP_CHUNK]
            )
            if not batch:
                return
            last = batch[-1][0]
            found = self.keys.first_rows(FileKeys.ID, [number for _pk, number in batch])
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

    def _finish(self, size: int, valid: list[rules.RosterRow], probe) -> None:
        self._chunk(valid, probe)
        self.plan.total += size
        if self.staged is not None:
            self.staged.check()
        self._limit_outside(final=False)
        if self.progress is not None:
            self.progress(self.plan.total)

    def _chunk(self, valid: list[rules.RosterRow], probe) -> None:
        """Look up the chunk's workers and card holders (or take what ``probe`` found), work out
        its changes and write them."""
        if not valid:
            return
        plan, issues = self.plan, self.issues
        workers = Worker.objects.select_related("branch")
        if self.lock:
            workers = workers.select_for_update(of=("self",))
        ids = [r.id_number for r in valid] if probe is None else probe.present()
        existing = {w.id_number: w for w in workers.filter(id_number__in=ids)} if ids else {}
        cards = [r.card_number for r in valid if r.card_number]
        if probe is not None:
            card_owner = probe.card_owner()
        else:
            # "<> ''" names the condition of the card numbers' partial unique index: with a list of
            # more than 100 numbers alone PostgreSQL cannot prove it and scans the whole roster; no
            # ordering (the default one joins the units and sorts)
            card_owner = dict(
                Worker.objects.filter(card_number__in=cards)
                .exclude(card_number="")
                .order_by()
                .values_list("card_number", "id_number")
            )
        released = self.keys.first_rows(FileKeys.RELEASED, cards)
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
                    worker_id__in=padded(outsiders), state__in=rules.TRANSFER_OPEN_STATES
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
            values = worker_values(row, self.units[row.unit_code])
            if worker is None:
                new.append(new_values(values))
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
            if self.staged is not None:
                self.staged.chunk_done()

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
        if not seen and not (active and same_name(worker.name, row.name)):
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
        staged = self.staged
        if new and staged is not None:  # the rows and their events are written at the merge
            staged.create(actor, new)
        elif new:
            batch = [Worker(**dict(zip(NEW_FIELDS, values, strict=True))) for values in new]
            Worker.objects.bulk_create(batch, batch_size=config.IMPORT_BATCH)
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
                staged.update(workers)
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
                FileKeys.RELEASED,
                ((card, 0) for w, _b, card in changes if card and card != w.card_number),
            )

    def _write_events(self, events) -> None:
        if self.staged is not None:
            self.staged.add_events(events)
        else:
            AuditEvent.objects.bulk_create(events, batch_size=config.IMPORT_BATCH)
