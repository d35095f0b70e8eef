"""The audit events of a bulk creation built by the database (PostgreSQL), one ``INSERT … SELECT``.

A bulk write staged with ``unionhome.bulkcopy`` records its new rows with ``insert_created_events``:
the event of each staged row is what ``audit.events_for`` builds in Python from
``audit.snapshot(obj, fields)`` (``before`` None): the same ``after`` JSON, key by key — a sensitive
field (``unionhome.privacy``) as its marker ``{"redacted": class, "changed": …, "filled": …}``
with the masked form of an ID number or a phone, every other text with the ID and mobile numbers in
it masked (``unionhome.masking``), dates as ISO text — the same ``object_repr`` and unit path.
Python's ``\\d`` and ``str.isdigit`` are Unicode-wide: the SQL patterns carry the same digit sets
(``_digits``), so non-ASCII digits are masked as Python masks them.
``tests/kernel/test_bulkaudit.py`` compares the two on varied rows.
"""

from __future__ import annotations

import functools
import itertools
import json

from django.db import connection, models
from django.utils import timezone

from . import privacy
from .models import AuditEvent, name_and_login

# Field types whose snapshot value (``audit._jsonable``) the SQL below writes as Python does.
_TEXT = (models.CharField, models.TextField)
_SUPPORTED = (*_TEXT, models.BooleanField, models.IntegerField, models.DateField, models.ForeignKey)


def _bracket(chars: list[str]) -> str:
    """A regular-expression bracket of these characters, as ranges of consecutive code points."""
    parts = []
    points = sorted(ord(c) for c in chars)
    for _key, run in itertools.groupby(enumerate(points), lambda pair: pair[1] - pair[0]):
        run = [point for _i, point in run]
        parts.append(chr(run[0]) if len(run) == 1 else f"{chr(run[0])}-{chr(run[-1])}")
    return "[" + "".join(parts) + "]"


_LAST_DIGIT = 0x20000  # every character Python calls a digit lies below (the test checks it)


@functools.cache
def _digits() -> tuple[str, str]:
    """(Python's ``\\d``: the decimal digits, ``str.isdigit``: digits of any kind) as brackets."""
    chars = [chr(point) for point in range(_LAST_DIGIT)]
    return _bracket([c for c in chars if c.isdecimal()]), _bracket([c for c in chars if c.isdigit()])


def _patterns() -> dict[str, str]:
    d, _any = _digits()
    return {
        # unionhome.masking.ID_NUMBER_IN_TEXT and PHONE_IN_TEXT, with the masks as replacements
        "id": rf"(?<![0-9A-Za-z])({d}{{4}}){d}{{10}}({d}{{3}}[{d[1:-1]}Xx])(?![0-9A-Za-z])",
        "id_to": r"\1**********\2",
        "phone": rf"(?<!{d})(1[3-9]{d}){d}{{4}}({d}{{4}})(?!{d})",
        "phone_to": r"\1****\2",
    }


def masked_text_sql(expression: str) -> tuple[str, list]:
    """SQL of ``masking.mask_numbers_in(<expression>)`` (text), and its parameters. Only a text of
    11 characters or more can hold a number to mask: shorter ones skip the patterns."""
    p = _patterns()
    sql = (
        f"(CASE WHEN char_length({expression}) < 11 THEN {expression} ELSE "
        f"regexp_replace(regexp_replace({expression}, %s, %s, 'g'), %s, %s, 'g') END)"
    )
    return sql, [p["id"], p["id_to"], p["phone"], p["phone_to"]]


def _marker_sql(cls: str, column: str, field: models.Field) -> tuple[str, list]:
    """SQL of ``privacy._marker`` for a created row (``changed`` = ``filled``) as JSON text: a
    constant but for the masked form of an ID number or a phone."""

    def marker(filled: bool) -> str:
        return json.dumps({"redacted": str(cls), "changed": filled, "filled": filled})

    filled = f"(coalesce({column}, '') <> '')" if isinstance(field, _TEXT) else f"({column} IS NOT NULL)"
    constants = [marker(True), marker(False)]
    if not isinstance(field, _TEXT) or cls not in (privacy.Sensitivity.IDENTITY, privacy.Sensitivity.CONTACT):
        return f"(CASE WHEN {filled} THEN %s ELSE %s END)", constants
    if cls == privacy.Sensitivity.IDENTITY:
        when, params = f"char_length({column}) >= 15", []
        masked = f"left({column}, 4) || repeat('*', char_length({column}) - 8) || right({column}, 4)"
    else:
        when, params = f"{column} ~ %s", [f"^{_digits()[1]}+$"]
        masked = (
            f"CASE WHEN char_length({column}) < 7 THEN {column} "
            f"ELSE left({column}, 3) || '****' || right({column}, 4) END"
        )
    sql = f"(CASE WHEN {when} THEN %s || to_json({masked})::text || '}}' WHEN {filled} THEN %s ELSE %s END)"
    return sql, [*params, marker(True)[:-1] + ', "masked": ', *constants]


def _value_sql(field: models.Field, column: str) -> tuple[str, list]:
    """SQL of a snapshot value with no rule (``privacy._plain``) as JSON text."""
    if isinstance(field, _TEXT):
        masked, params = masked_text_sql(column)
        return f"coalesce(to_json({masked})::text, 'null')", params
    if isinstance(field, models.BooleanField):
        return f"(CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' ELSE 'null' END)", []
    if isinstance(field, models.DateField):
        return f"coalesce(to_json({column})::text, 'null')", []
    return f"coalesce({column}::text, 'null')", []  # integers and keys


def snapshot_sql(model: type[models.Model], fields, alias: str) -> tuple[str, list]:
    """SQL of the stored ``after`` of a created row (``privacy.redact(model, None,
    audit.snapshot(obj, fields))``) from the row's columns under ``alias``, and its parameters:
    JSON text put together and parsed once (cheaper than building it value by value)."""
    quote = connection.ops.quote_name
    parts, params = [], []
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, _SUPPORTED) or isinstance(field, models.DateTimeField):
            raise TypeError(f"{model._meta.label}.{name}: no SQL snapshot for {type(field).__name__}")
        column = f"{alias}.{quote(field.column)}"
        cls = privacy.sensitivity(model, name)
        value, value_params = _marker_sql(cls, column, field) if cls else _value_sql(field, column)
        parts.append(f"%s || {value}")
        params += [("{" if not parts[:-1] else ", ") + json.dumps(name) + ": ", *value_params]
    return "(" + " || ".join(parts) + " || '}')::jsonb", params


def _event_columns() -> list[models.Field]:
    return [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def created_events_sql(
    *,
    actor,
    action: str,
    model: type[models.Model],
    fields,
    source: str,
    alias: str,
    repr_column: str,
    path: str,
    order: str,
) -> tuple[str, list]:
    """A ``SELECT`` of one audit event per row of ``source`` (SQL from the caller's code, never from
    input: a staging table and its joins, ``alias`` naming the rows): the event ``audit.events_for``
    builds for a created ``model`` row. ``repr_column`` is the column ``str(obj)`` shows (masked as
    ``privacy.describe`` masks it), ``path`` the SQL of the row's unit path, ``order`` the SQL of
    the event's place (``event_order``) among the events ``insert_events`` writes; and its parameters."""
    actor = actor if getattr(actor, "pk", None) else None
    actor_name, actor_username = name_and_login(actor)
    quote = connection.ops.quote_name
    after, after_params = snapshot_sql(model, fields, alias)
    described, described_params = masked_text_sql(f"{alias}.{quote(repr_column)}")
    values = {
        "at": ("%s", [timezone.now()]),
        "actor": ("%s", [actor.pk if actor is not None else None]),
        "actor_name": ("%s", [actor_name]),
        "actor_username": ("%s", [actor_username]),
        "action": ("%s", [action]),
        "object_type": ("%s", [model._meta.label_lower]),
        "object_id": (f"{alias}.{quote(model._meta.pk.column)}::text", []),
        "object_repr": (f"left({described}, 200)", described_params),
        "branch_path": (path, []),
        "before": ("NULL::jsonb", []),
        "after": (after, after_params),
    }
    selected, params = [], []
    for field in _event_columns():
        sql, field_params = values[field.name]
        selected.append(f"{sql} AS {quote(field.column)}")
        params += field_params
    return f"SELECT {', '.join(selected)}, {order} AS event_order FROM {source}", params  # noqa: S608 (SQL from code)


def staged_events_sql(table: str, order: str = "staging_order") -> tuple[str, list]:
    """A ``SELECT`` of events staged whole in ``table`` (``bulkcopy.Staging(AuditEvent,
    with_pk=False)``), for ``insert_events``."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _event_columns())
    return f"SELECT {columns}, {quote(order)} AS event_order FROM {quote(table)}", []  # noqa: S608 (quoted names)


def insert_events(*selects: tuple[str, list]) -> int:
    """``INSERT INTO`` the audit trail the events of these ``SELECT``s in their ``event_order``
    (so their ids follow it); the events written."""
    with connection.cursor() as cursor:
        cursor.execute(*insert_events_sql(*selects))
        return cursor.rowcount


def insert_events_sql(*selects: tuple[str, list]) -> tuple[str, list]:
    """The statement of ``insert_events`` and its parameters."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _event_columns())
    union = " UNION ALL ".join(f"({sql})" for sql, _params in selects)
    params = [p for _sql, select_params in selects for p in select_params]
    return (
        f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({columns}) "  # noqa: S608 (quoted names and SQL from code)
        f"SELECT {columns} FROM ({union}) AS events ORDER BY event_order",
        params,
    )
