"""Bulk writes at the database's speed: PostgreSQL ``COPY`` into a staging table, one merge.

``Staging(model, fields)`` is a temporary table with the model's columns (``CREATE TEMPORARY
TABLE … AS SELECT … WITH NO DATA``: their types, no constraints) plus an ordering column.
``copy(objs)`` streams objects' column values into it with ``COPY … FROM STDIN`` (psycopg2's
``copy_expert``): each value is prepared as ``bulk_create`` would (``pre_save`` with ``add=True``,
then ``get_db_prep_save``), or for an update as ``bulk_update`` would (the attribute as it is), so
the rows are the ones the batch path writes. ``copy_rows(tuples, columns)`` streams rows already
made of database values, formatted column by column with no per-value type tests (the import's
new rows, built without model instances). The table's constraints are checked by the merge:
``insert()`` with one ``INSERT … SELECT`` in copy order (the columns not staged get the value
``bulk_create`` gives an object that leaves them unset), ``update()`` with one ``UPDATE … FROM``.
With ``new_pks`` the rows take their primary keys from the model's sequence as they are copied;
with ``order`` several staging tables share one order (``order_sequence``). Everything runs in
the caller's transaction: a failure anywhere rolls back the staging and the merge together.

PostgreSQL only (``available()``); other databases keep ``bulk_create`` / ``bulk_update``.
docs/SCALING.md, "Imports at the database's speed".
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import io
import itertools
import json
import logging
import operator
import queue
import threading
import uuid
from collections.abc import Callable
from concurrent import futures

from django.db import DatabaseError, connection, models, transaction

log = logging.getLogger(__name__)

# Every SQL text below is built from quoted table and column names of the model's metadata, never
# from input; the values travel through COPY.
_COPY_BUFFER_ROWS = 5000  # rows per COPY statement: bounded memory whatever the import's size


def available() -> bool:
    return connection.vendor == "postgresql"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _text(field: models.Field, value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        return _escape(json.dumps(value, cls=field.encoder, ensure_ascii=False))
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, int | float | decimal.Decimal | uuid.UUID):
        return str(value)
    return _escape(str(value))


# Field types whose value goes into COPY's text as it is (``_text`` formats it): no driver adapter.
_PLAIN = (
    models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.DateField,
    models.DecimalField, models.FloatField, models.ForeignKey, models.UUIDField, models.JSONField,
)  # fmt: skip
_OWN_PRE_SAVE = (models.DateField,)  # auto_now / auto_now_add (DateTimeField is a DateField)


def _reader(field: models.Field, adding: bool):
    """How to take one field's value from an object, as ``bulk_create`` (``adding``) or
    ``bulk_update`` would send it."""
    attname = field.attname
    calls_pre_save = adding and (
        type(field).pre_save is not models.Field.pre_save
        and not (isinstance(field, _OWN_PRE_SAVE) and not (field.auto_now or field.auto_now_add))
    )
    plain = isinstance(field, _PLAIN)
    if calls_pre_save:
        if plain:
            return lambda obj: field.pre_save(obj, True)
        return lambda obj: field.get_db_prep_save(field.pre_save(obj, True), connection)
    if plain:
        return lambda obj: getattr(obj, attname)
    return lambda obj: field.get_db_prep_save(getattr(obj, attname), connection)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _formatter(field: models.Field):
    """How one column's database value is written in COPY's text format (``_text`` without the
    per-value type tests): text escaped by one ``str.translate``, NULL as ``\\N``."""
    if isinstance(field, models.CharField | models.TextField) and not field.null:
        return operator.methodcaller("translate", _ESCAPES)
    if isinstance(field, models.BooleanField):
        return lambda value: "\\N" if value is None else ("t" if value else "f")
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return lambda value: "\\N" if value is None else value.isoformat()
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return lambda value: "\\N" if value is None else str(value)
    return functools.partial(_text, field)


def insert_all(model: type[models.Model], objs, *, batch_size: int = 2000) -> None:
    """Insert new objects (their keys from the table's sequence) in the caller's transaction: one
    COPY into a staging table and one merge on PostgreSQL, ``bulk_create`` by batches elsewhere."""
    objs = iter(objs)
    if available():
        staging = Staging(model, with_pk=False)
        staging.copy(objs)
        staging.insert()
        staging.drop()
        return
    while batch := list(itertools.islice(objs, batch_size)):
        model.objects.bulk_create(batch)


def clear_tables(*models_: type[models.Model]) -> None:
    """Empty the tables a refresh rewrites, in the caller's transaction: one rewrite at a time
    (PostgreSQL: a lock that readers pass; SQLite writes one transaction at a time anyway), readers
    seeing the old rows until the commit."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models_:
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
    for model in models_:
        model.objects.all().delete()


def analyze(*models_: type[models.Model]) -> None:
    """Fresh planner statistics for rewritten tables (PostgreSQL), so that the first reads after a
    rewrite walk their indexes instead of planning on the previous rows' statistics. A failure
    leaves the rows in place (autovacuum gathers the statistics later) and is logged."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models_)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")
    except DatabaseError:
        log.warning("ANALYZE %s failed", tables, exc_info=True)


def rewrite_table(model: type[models.Model], objs, *, batch_size: int = 2000) -> None:
    """Replace every row of a table a refresh owns with ``objs``, in the caller's transaction, then
    gather its statistics (``clear_tables``, ``insert_all``, ``analyze``)."""
    clear_tables(model)
    insert_all(model, objs, batch_size=batch_size)
    analyze(model)


def deferred_foreign_keys(*models_: type[models.Model]) -> str:
    """The names of the models' foreign keys the database checks at the commit (``DEFERRABLE
    INITIALLY DEFERRED``, as Django makes them), quoted and comma-separated for ``SET CONSTRAINTS``;
    "" when there are none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferrable AND condeferred "
            "AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
            [[m._meta.db_table for m in models_]],
        )
        return ", ".join(connection.ops.quote_name(name) for (name,) in cursor.fetchall())


def order_sequence() -> str:
    """A temporary sequence (dropped with the session) for the shared order of several staging
    tables (``Staging(order=...)``); its name."""
    name = f"staging_order_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY SEQUENCE {connection.ops.quote_name(name)}")
    return name


class Staging:
    """A temporary table for one model's rows; dropped after the merge or at the commit.

    ``order``: the name of a temporary sequence (``order_sequence``) the table's ordering column
    takes its values from, so that the rows of several staging tables share one order (events
    merged from two tables in the order they were staged). ``new_pks``: the table's primary key
    comes from the model's own id sequence as the rows are copied (``copy_rows`` then leaves it out).
    """

    def __init__(
        self,
        model: type[models.Model],
        fields: list[str] | None = None,
        *,
        with_pk: bool = True,
        order: str | None = None,
        new_pks: bool = False,
    ):
        self.model = model
        opts = model._meta
        concrete = [f for f in opts.concrete_fields if with_pk or not f.primary_key]
        if fields is not None:
            wanted = set(fields)
            concrete = [f for f in concrete if f.primary_key or f.name in wanted or f.attname in wanted]
        self.fields = concrete
        self.table = opts.db_table
        self.name = f"staging_{opts.db_table}_{uuid.uuid4().hex[:12]}"
        self.rows = 0
        self.new_pks = new_pks
        quote = connection.ops.quote_name
        self._columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(self.name)} ON COMMIT DROP AS "  # noqa: S608 (quoted names from the model's metadata)
                f"SELECT {self._columns} FROM {quote(self.table)} WITH NO DATA"
            )
            if order is None:
                cursor.execute(f"ALTER TABLE {quote(self.name)} ADD COLUMN staging_order bigserial")
            else:
                cursor.execute(
                    f"ALTER TABLE {quote(self.name)} ADD COLUMN staging_order bigint "
                    "DEFAULT nextval(%s::regclass)",
                    [order],
                )
            if new_pks:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [self.table, opts.pk.column])
                sequence = cursor.fetchone()[0]
                cursor.execute(
                    f"ALTER TABLE {quote(self.name)} ALTER COLUMN {quote(opts.pk.column)} "
                    "SET DEFAULT nextval(%s::regclass)",
                    [sequence],
                )

    def copy(self, objs, *, adding: bool = True, writer: Writer | None = None) -> None:
        """Stream the objects' values into the staging table (``COPY … FROM STDIN``): new rows
        (``adding``: defaults and ``auto_now`` filled in as by ``bulk_create``) or changed ones.
        With a ``writer`` the text is made here and sent by the writer's thread."""
        quote = connection.ops.quote_name
        statement = f"COPY {quote(self.name)} ({self._columns}) FROM STDIN"
        columns = [(field, _reader(field, adding)) for field in self.fields]
        objs = iter(objs)
        while batch := list(itertools.islice(objs, _COPY_BUFFER_ROWS)):
            text = "".join(
                "\t".join([_text(field, read(obj)) for field, read in columns]) + "\n" for obj in batch
            )
            _send(writer, statement, text)
            self.rows += len(batch)

    def copy_rows(self, rows, columns: list[str], *, writer: Writer | None = None) -> None:
        """Stream rows given as tuples of database values, one per name of ``columns`` (staged
        fields by name or attname; the primary key left out with ``new_pks``), into the staging
        table: each value formatted by its column's type (``_formatter``), no per-value dispatch.
        With a ``writer`` the text is made here and sent by the writer's thread."""
        by_name = {f.attname: f for f in self.fields} | {f.name: f for f in self.fields}
        fields = [by_name[name] for name in columns]
        quote = connection.ops.quote_name
        statement = f"COPY {quote(self.name)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
        formats = [_formatter(f) for f in fields]
        rows = iter(rows)
        while batch := list(itertools.islice(rows, _COPY_BUFFER_ROWS)):
            text = "".join(
                "\t".join([fmt(value) for fmt, value in zip(formats, row, strict=True)]) + "\n"
                for row in batch
            )
            _send(writer, statement, text)
            self.rows += len(batch)

    def insert(self) -> int:
        """``INSERT INTO <table> SELECT … FROM <staging> ORDER BY`` copy order; the rows inserted.
        Columns the table has and the staging table has not get the value ``bulk_create`` gives an
        object that does not set them (default, ``auto_now``), the same for every row."""
        if not self.rows:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(*self.insert_sql())
            return cursor.rowcount

    def insert_sql(self) -> tuple[str, list]:
        """The statement of ``insert`` and its parameters (made now: its ``auto_now`` values)."""
        quote = connection.ops.quote_name
        staged = {f.column for f in self.fields}
        blank = self.model()
        rest = [
            f
            for f in self.model._meta.concrete_fields
            # a primary key the database numbers itself is left to its sequence, as bulk_create does
            if f.column not in staged and not (f.primary_key and f.db_returning)
        ]
        values = [f.get_db_prep_save(f.pre_save(blank, True), connection) for f in rest]
        columns = ", ".join([self._columns, *(quote(f.column) for f in rest)])
        selected = ", ".join([self._columns, *("%s" for _f in rest)])
        return (
            f"INSERT INTO {quote(self.table)} ({columns}) "  # noqa: S608 (quoted names from the model's metadata)
            f"SELECT {selected} FROM {quote(self.name)} ORDER BY staging_order",
            values,
        )

    def update(self) -> int:
        """``UPDATE <table> SET … FROM <staging>`` matched by primary key; the rows updated."""
        if not self.rows:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(*self.update_sql())
            return cursor.rowcount

    def update_sql(self) -> tuple[str, list]:
        quote = connection.ops.quote_name
        pk = self.model._meta.pk.column
        sets = ", ".join(f"{quote(f.column)} = s.{quote(f.column)}" for f in self.fields if not f.primary_key)
        return (
            f"UPDATE {quote(self.table)} AS t SET {sets} FROM {quote(self.name)} AS s "  # noqa: S608 (quoted names from the model's metadata)
            f"WHERE t.{quote(pk)} = s.{quote(pk)}",
            [],
        )

    def emptied_sql(self) -> tuple[str, list]:
        """A statement that empties the table (its rows merged), for the next rows."""
        return f"TRUNCATE {connection.ops.quote_name(self.name)}", []

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(self.name)}")


def _send(writer: Writer | None, statement: str, text: str) -> None:
    """``COPY … FROM STDIN`` of ``text``, on this thread or by ``writer``."""
    if writer is not None:
        writer.copy(statement, text)
        return
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(statement, io.StringIO(text))  # the psycopg2 cursor under Django's


class Writer:
    """Statements run in order by a second thread on the caller's own connection, inside its
    transaction, while the caller goes on (reading and checking the next rows of a file): the
    database's work on one part overlaps Python's on the next.

    The statements are made by the caller (its thread owns Django's connection object); the writer
    sends them through the connection's psycopg2 handle. One statement at a time goes over the
    connection: the writer holds a lock for each of its jobs (a COPY's data included, which
    psycopg2 streams without its own lock). The caller's own queries through Django (an execute
    wrapper) first wait for every job sent before them, so they see what those wrote; the caller
    overlaps with the writer between its queries. At most ``depth`` jobs wait.

    A failed statement stops the writer (the transaction is failed: later statements are not
    sent); ``check()`` and ``finish()`` raise its error in the caller's thread, as Django's
    exception (``IntegrityError`` …). ``close()`` waits for the thread without raising (a caller
    that gives up: its transaction rolls back). Every path ends with the thread stopped: the
    caller calls ``finish()`` or ``close()`` before its transaction ends.
    """

    def __init__(self, depth: int = 4):
        connection.ensure_connection()
        self._handle = connection.connection
        self._lock = threading.Lock()
        self._jobs: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        connection.execute_wrappers.append(self._guard)
        self._thread = threading.Thread(target=self._run, name="bulkcopy-writer", daemon=True)
        self._thread.start()

    def _guard(self, execute, sql, params, many, context):
        """The caller's queries run after every job sent before them."""
        self._jobs.join()
        with self._lock:
            return execute(sql, params, many, context)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                self._do(*job)
            finally:
                self._jobs.task_done()
        self._jobs.task_done()

    def _do(self, kind: str, statement: str, payload, result: futures.Future | None) -> None:
        if self.error is not None:  # the transaction failed: the rest is dropped
            if result is not None:
                result.set_exception(self.error)
            return
        try:
            with self._lock, self._handle.cursor() as cursor:
                if kind == "copy":
                    cursor.copy_expert(statement, io.StringIO(payload))
                else:
                    cursor.execute(statement, payload)
                rows = cursor.fetchall() if result is not None else None
        except BaseException as exc:  # noqa: BLE001 (raised in the caller's thread by check())
            self.error = exc
            if result is not None:
                result.set_exception(exc)
        else:
            if result is not None:
                result.set_result(rows)

    def execute(self, statement: str, params=()) -> None:
        self.check()
        self._jobs.put(("execute", statement, list(params), None))

    def copy(self, statement: str, text: str) -> None:
        self.check()
        self._jobs.put(("copy", statement, text, None))

    def query(self, statement: str, params=()) -> Callable[[], list[tuple]]:
        """Run a query after the statements sent before it; a function that waits for its rows
        (raising the writer's error, as Django's exception, if it or an earlier statement failed)."""
        self.check()
        result: futures.Future = futures.Future()
        self._jobs.put(("query", statement, list(params), result))

        def rows() -> list[tuple]:
            try:
                return result.result()
            except Exception as exc:
                with connection.wrap_database_errors:
                    raise exc from None

        return rows

    def check(self) -> None:
        """Raise the error of a failed statement, if any (as Django's exception)."""
        if self.error is not None:
            with connection.wrap_database_errors:
                raise self.error

    def close(self) -> None:
        """Wait for the statements sent so far, then stop the thread; raises nothing."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()
        if self._guard in connection.execute_wrappers:
            connection.execute_wrappers.remove(self._guard)

    def finish(self) -> None:
        """Wait for every statement sent, stop the thread, and raise a failure."""
        self.close()
        self.check()
