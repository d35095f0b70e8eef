"""The PostgreSQL path of the import's writes: COPY into staging tables, merged part by part by a
writer thread while the next rows are read and checked."""

from __future__ import annotations

from django.db import connection

import branches.services.imports as config
from unionhome import bulkaudit, bulkcopy
from unionhome.models import AuditEvent

from ...models import Branch, Worker
from ..roster import WORKER_FIELDS
from .common import NEW_FIELDS, UPDATE_FIELDS


class Staged:
    """New workers, changed workers and the audit events of the changed ones COPYed into three
    staging tables as the chunks are checked (``unionhome.bulkcopy``); every ``MERGE_ROWS`` rows
    and at the end the staged rows are merged inside the import's transaction (a failure in any
    statement fails the transaction: nothing stays), and the staging tables emptied:

    - the changed workers with one ``UPDATE … FROM``;
    - the new workers with one ``INSERT … SELECT``: their ids come from the workers' sequence as
      they are copied, their other columns (timestamps, version) as ``bulk_create`` fills them;
    - every audit event with one ``INSERT … SELECT``: the events of the new workers built by the
      database from the staged rows (``unionhome.bulkaudit``: the JSON ``audit.snapshot`` and
      ``privacy.redact`` give, masked values included), those of the changed workers built in
      Python and staged whole; both in the order the rows were checked, so the events and their
      ids are those the batch path writes.

    The statements are made here and sent by a ``bulkcopy.Writer``: the database copies and merges
    one part while Python reads and checks the next (docs/SCALING.md, "Imports at the database's
    speed"). ``merge()`` sends the last part and waits; ``close()`` stops the writer on every other
    path (the caller's transaction then rolls back what was written).
    """

    def __init__(self):
        self.order = bulkcopy.order_sequence()
        # confirmed_on is not copied: NULL, the value a new worker has, which its event shows
        self.created = bulkcopy.Staging(
            Worker, ["id", *NEW_FIELDS, "confirmed_on"], order=self.order, new_pks=True
        )
        self.updated = bulkcopy.Staging(Worker, [*UPDATE_FIELDS, "updated_at"])
        self.events = bulkcopy.Staging(AuditEvent, with_pk=False, order=self.order)
        self.actor = None
        self.pending = {"created": 0, "updated": 0, "events": 0}  # rows staged since the last merge
        # the foreign keys of the rows merged are checked by each merge, in the writer's time,
        # instead of all at the commit; put back as they were after the last merge (a rollback to
        # the import's savepoint puts them back too)
        self.checked_now = bulkcopy.deferred_foreign_keys(Worker, AuditEvent)
        self.writer = bulkcopy.Writer()
        if self.checked_now:
            self.writer.execute(f"SET CONSTRAINTS {self.checked_now} IMMEDIATE")

    def create(self, actor, rows: list[tuple]) -> None:
        """New workers as tuples of ``NEW_FIELDS`` values; their events are built at the merge."""
        self.actor = actor
        self.pending["created"] += len(rows)
        self.created.copy_rows(rows, NEW_FIELDS, writer=self.writer)

    def update(self, workers: list[Worker]) -> None:
        self.pending["updated"] += len(workers)
        self.updated.copy(workers, adding=False, writer=self.writer)

    def add_events(self, events: list[AuditEvent]) -> None:
        self.pending["events"] += len(events)
        self.events.copy(events, writer=self.writer)

    def chunk_done(self) -> None:
        """A chunk is staged: merge what is staged once there are ``MERGE_ROWS`` rows of it."""
        if sum(self.pending.values()) >= config.MERGE_ROWS:
            self._merge_staged()

    def _merge_staged(self) -> None:
        send = self.writer.execute
        created, updated, events = self.pending["created"], self.pending["updated"], self.pending["events"]
        if updated:
            send(*self.updated.update_sql())
        if created:
            send(*self.created.insert_sql())
        selects = [bulkaudit.staged_events_sql(self.events.name)] if events else []
        if created:
            selects.insert(0, self._created_events())
        if selects:
            send(*bulkaudit.insert_events_sql(*selects))
        for staging, rows in ((self.created, created), (self.updated, updated), (self.events, events)):
            if rows:
                send(*staging.emptied_sql())
        self.pending = dict.fromkeys(self.pending, 0)

    def _created_events(self) -> tuple[str, list]:
        quote = connection.ops.quote_name
        return bulkaudit.created_events_sql(
            actor=self.actor,
            action="worker.import_create",
            model=Worker,
            fields=WORKER_FIELDS,
            source=(
                f"{quote(self.created.name)} AS w JOIN {quote(Branch._meta.db_table)} AS b "
                f"ON b.{quote(Branch._meta.pk.column)} = w.{quote(Worker._meta.get_field('branch').column)}"
            ),
            alias="w",
            repr_column="name",
            path=f"b.{quote(Branch._meta.get_field('path').column)}",
            order="w.staging_order",
        )

    def probe(self, rows) -> Probe:
        """Send the look-ups of a chunk's checked rows to the writer (after the merges sent
        before): which of their ID numbers are on the roster, and who holds their card numbers."""
        quote = connection.ops.quote_name
        table = quote(Worker._meta.db_table)
        id_number = quote(Worker._meta.get_field("id_number").column)
        card = quote(Worker._meta.get_field("card_number").column)
        ids = list({r.id_number for r in rows})
        cards = list({r.card_number for r in rows if r.card_number})
        present = self.writer.query(
            f"SELECT {id_number} FROM {table} WHERE {id_number} = ANY(%s)",  # noqa: S608 (quoted names)
            [ids],
        )
        # "<> ''": the condition of the card numbers' partial unique index, which serves the look-up
        owners = self.writer.query(
            f"SELECT {card}, {id_number} FROM {table} WHERE {card} = ANY(%s) AND {card} <> ''",  # noqa: S608 (quoted names)
            [cards],
        )
        return Probe(present, owners)

    def check(self) -> None:
        """Raise the failure of a statement sent so far, if any."""
        self.writer.check()

    def merge(self) -> None:
        """Merge the rows staged last, wait for every statement, drop the staging tables."""
        self._merge_staged()
        if self.checked_now:
            self.writer.execute(f"SET CONSTRAINTS {self.checked_now} DEFERRED")
        self.writer.finish()
        for staging in (self.created, self.updated, self.events):
            staging.drop()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS {connection.ops.quote_name(self.order)}")

    def close(self) -> None:
        self.writer.close()


class Probe:
    """The look-ups of one chunk, run by the writer: ``present()`` the chunk's ID numbers found on
    the roster (the import then reads and locks those workers itself), ``card_owner()`` the ID
    number of each card number's holder. Each waits for the writer's answer."""

    def __init__(self, present, owners):
        self._present, self._owners = present, owners

    def present(self) -> list[str]:
        return [number for (number,) in self._present()]

    def card_owner(self) -> dict[str, str]:
        return dict(self._owners())
