"""The PostgreSQL path of the import's writes: COPY into staging tables, one merge at the end."""

from __future__ import annotations

from django.db import connection

from unionhome import bulkaudit, bulkcopy
from unionhome.models import AuditEvent

from ...models import Branch, Worker
from ..roster import WORKER_FIELDS
from .common import NEW_FIELDS, UPDATE_FIELDS


class Staged:
    """New workers, changed workers and the audit events of the changed ones COPYed into three
    staging tables as the chunks are checked (``unionhome.bulkcopy``), then merged inside the
    import's transaction (a failure in any statement leaves nothing):

    - the changed workers with one ``UPDATE … FROM``;
    - the new workers with one ``INSERT … SELECT``: their ids come from the workers' sequence as
      they are copied, their other columns (timestamps, version) as ``bulk_create`` fills them;
    - every audit event with one ``INSERT … SELECT``: the events of the new workers built by the
      database from the staged rows (``unionhome.bulkaudit``: the JSON ``audit.snapshot`` and
      ``privacy.redact`` give, masked values included), those of the changed workers built in
      Python and staged whole; both in the order the rows were checked, so the events and their
      ids are those the batch path writes.
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

    def create(self, actor, rows: list[tuple]) -> None:
        """New workers as tuples of ``NEW_FIELDS`` values; their events are built at the merge."""
        self.actor = actor
        self.created.copy_rows(rows, NEW_FIELDS)

    def merge(self) -> None:
        self.updated.update()
        self.created.insert()
        quote = connection.ops.quote_name
        selects = [bulkaudit.staged_events_sql(self.events.name)] if self.events.rows else []
        if self.created.rows:
            selects.insert(
                0,
                bulkaudit.created_events_sql(
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
                ),
            )
        if selects:
            bulkaudit.insert_events(*selects)
        for staging in (self.created, self.updated, self.events):
            staging.drop()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SEQUENCE IF EXISTS {quote(self.order)}")
