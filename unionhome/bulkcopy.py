"""Bulk writes at the database's speed: PostgreSQL ``COPY`` into a staging table, one merge.

``Staging(model, fields)`` is a temporary table with the model's columns (``CREATE TEMPORARY
TABLE … AS SELECT … WITH NO DATA``: their types, no constraints) plus an ordering column.
``copy(objs)`` streams the objects' column values into it with ``COPY … FROM STDIN`` (psycopg2's
``copy_expert``): each value is prepared as ``bulk_create`` would (``pre_save`` with ``add=True``,
then ``get_db_prep_save``), or for an update as ``bulk_update`` would (the attribute as it is), so
the rows are the ones the batch path writes; the table's constraints are checked by the merge. ``insert()`` merges with one ``INSERT … SELECT`` in copy order, ``update(key)`` with one
``UPDATE … FROM``. Everything runs in the caller's transaction: a failure anywhere rolls back the
staging and the merge together. ``reserve_ids`` takes primary keys from the table's sequence up
front, so rows (and their audit events) know their ids before they are written.

PostgreSQL only (``available()``); other databases keep ``bulk_create`` / ``bulk_update``.
docs/SCALING.md, "Imports at the database's speed".
"""

from __future__ import annotations

import datetime as dt
import decimal
import io
import itertools
import json
import uuid

from django.db import connection, models

# Every SQL text below is built from quoted table and column names of the model's metadata, never
# from input; the values travel through COPY.
_COPY_BUFFER_ROWS = 5000  # rows per COPY statement: bounded memory whatever the import's size


def available() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys from the model's id sequence (identity or serial)."""
    if count <= 0:
        return []
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, count],
        )
        return [row[0] for row in cursor.fetchall()]


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


class Staging:
    """A temporary table for one model's rows; dropped after the merge or at the commit."""

    def __init__(self, model: type[models.Model], fields: list[str] | None = None, *, with_pk: bool = True):
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
        quote = connection.ops.quote_name
        self._columns = ", ".join(quote(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {quote(self.name)} ON COMMIT DROP AS "  # noqa: S608 (quoted names from the model's metadata)
                f"SELECT {self._columns} FROM {quote(self.table)} WITH NO DATA"
            )
            cursor.execute(f"ALTER TABLE {quote(self.name)} ADD COLUMN staging_order bigserial")

    def copy(self, objs, *, adding: bool = True) -> None:
        """Stream the objects' values into the staging table (``COPY … FROM STDIN``): new rows
        (``adding``: defaults and ``auto_now`` filled in as by ``bulk_create``) or changed ones."""
        quote = connection.ops.quote_name
        statement = f"COPY {quote(self.name)} ({self._columns}) FROM STDIN"
        columns = [(field, _reader(field, adding)) for field in self.fields]
        objs = iter(objs)
        while batch := list(itertools.islice(objs, _COPY_BUFFER_ROWS)):
            buffer = io.StringIO()
            for obj in batch:
                buffer.write("\t".join(_text(field, read(obj)) for field, read in columns))
                buffer.write("\n")
            buffer.seek(0)
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(statement, buffer)  # the psycopg2 cursor under Django's
            self.rows += len(batch)

    def insert(self) -> int:
        """``INSERT INTO <table> SELECT … FROM <staging> ORDER BY`` copy order; the rows inserted."""
        if not self.rows:
            return 0
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {quote(self.table)} ({self._columns}) "  # noqa: S608 (quoted names from the model's metadata)
                f"SELECT {self._columns} FROM {quote(self.name)} ORDER BY staging_order"
            )
            return cursor.rowcount

    def update(self) -> int:
        """``UPDATE <table> SET … FROM <staging>`` matched by primary key; the rows updated."""
        if not self.rows:
            return 0
        quote = connection.ops.quote_name
        pk = self.model._meta.pk.column
        sets = ", ".join(f"{quote(f.column)} = s.{quote(f.column)}" for f in self.fields if not f.primary_key)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(self.table)} AS t SET {sets} FROM {quote(self.name)} AS s "  # noqa: S608 (quoted names from the model's metadata)
                f"WHERE t.{quote(pk)} = s.{quote(pk)}"
            )
            return cursor.rowcount

    def drop(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(self.name)}")
