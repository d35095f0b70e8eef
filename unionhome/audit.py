"""Writing the audit trail and the access log; every service calls these inside its transaction.

Each row keeps the actor's name and login as text next to the link to the account. Personal data
never reaches the trail: ``snapshot`` marks the fields each app declares sensitive
(``unionhome.privacy``) and ``record``/``record_many`` keep of them only that they changed.

A service changes a row through ``changing`` (lock, check the version, change, save what changed,
record it), and records a new row with ``created`` and a removed one with ``delete``.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import decimal
from collections.abc import Iterable, Iterator

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from . import privacy, scope, versioning
from .models import AccessLog, AuditEvent, name_and_login


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | dict):
        return copy.deepcopy(value)  # the snapshot must not change with the instance
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of a model instance, as JSON-able data.

    The value of a sensitive field is wrapped (``privacy.Hidden``): it compares as the value (so
    ``changed`` works) but ``record`` stores only whether it changed.
    """
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    values = {}
    for name in names:
        value = _jsonable(getattr(obj, name))
        cls = privacy.sensitivity(obj, name)
        values[name] = privacy.Hidden(value, cls) if cls else value
    return values


def changed(before: dict | None, after: dict | None) -> bool:
    return before != after


def _path_of(obj) -> str:
    """The unit path of a record: its unit, enterprise or audience, or its own path (a unit)."""
    for attribute in ("branch", "enterprise", "audience", "unit"):
        unit = getattr(obj, attribute, None)
        if unit is not None and getattr(unit, "path", None):
            return unit.path
    return getattr(obj, "path", "") or ""


def _scope_root(user) -> str:
    """The unit a user reads everything under: their one subtree, or the deepest common node."""
    paths = scope.branches_for(user)
    if not paths:
        return ""
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[:-1]
    step = getattr(scope.unit_model(), "steplen", 1) or 1
    return common[: len(common) // step * step]


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    branch_path: str | None = None,
) -> AuditEvent:
    before, after = privacy.redact(obj._meta.model, before, after)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=privacy.describe(obj),
        branch_path=branch_path if branch_path is not None else _path_of(obj),
        before=before,
        after=after,
    )


def _column(value):
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, list | dict):
        return copy.deepcopy(value)  # a list changed in place must show as a change
    return value


def _columns(obj: models.Model) -> dict:
    """Every concrete column of ``obj`` but its key, as values to compare."""
    return {
        field.attname: _column(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }


@contextlib.contextmanager
def changing(
    *,
    actor,
    obj: models.Model,
    action: str,
    fields: Iterable[str] | None = None,
    branch_path: str | None = None,
    version=None,
    submitted: dict | None = None,
    extra: dict | None = None,
) -> Iterator[models.Model]:
    """Change ``obj`` inside the ``with`` block; on leaving it, save what changed and audit it.

    ``obj`` is the row the caller has locked (``select_for_update``). On entering, the ``version``
    the edit form showed is checked against it (``versioning.check`` with the ``submitted`` values)
    and its audited ``fields`` are snapshot. On leaving the block normally, the row is saved with
    ``update_fields`` limited to the columns that changed (and its ``auto_now`` columns; the version
    goes up by itself), then one event ``action`` is recorded if an audited field changed, with
    ``extra`` added to its ``after``. Nothing changed: nothing is written. An exception inside the
    block: nothing is saved or recorded. A new instance (not saved yet) is saved whole and recorded
    with ``before`` None; a ``version`` given for it means the form showed a row deleted since.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.changing() runs inside the service's transaction.")
    adding = obj._state.adding
    if adding and version not in (None, ""):
        gone = copy.copy(obj)
        gone.version = -1  # no version matches a row that is not there any more
        versioning.check(gone, version, submitted)
    if not adding:
        versioning.check(obj, version, submitted)
    before = None if adding else snapshot(obj, fields)
    stored = _columns(obj)
    yield obj
    if adding:
        obj.save()
    else:
        dirty = [name for name, value in _columns(obj).items() if value != stored[name]]
        if not dirty:
            return
        stamps = [f.attname for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=[*dirty, *(name for name in stamps if name not in dirty)])
    after = snapshot(obj, fields)
    if changed(before, after):
        record(
            actor=actor,
            action=action,
            obj=obj,
            before=before,
            after={**after, **(extra or {})},
            branch_path=branch_path,
        )


def created(
    *,
    actor,
    action: str,
    obj: models.Model,
    fields: Iterable[str] | None = None,
    branch_path: str | None = None,
):
    """Record a row the service has just created (its audited ``fields``); returns the row."""
    record(actor=actor, action=action, obj=obj, after=snapshot(obj, fields), branch_path=branch_path)
    return obj


def delete(
    *,
    actor,
    action: str,
    obj: models.Model,
    fields: Iterable[str] | None = None,
    branch_path: str | None = None,
) -> None:
    """Record the removal of a (locked) row with its audited ``fields``, then delete it."""
    record(actor=actor, action=action, obj=obj, before=snapshot(obj, fields), branch_path=branch_path)
    obj.delete()


def record_many(
    *,
    actor,
    action: str,
    model: type[models.Model],
    rows: list[tuple[models.Model, dict | None, dict | None]],
    branch_path: str = "",
) -> None:
    """Audit a bulk write with one INSERT (one row per changed object)."""
    AuditEvent.objects.bulk_create(
        events_for(actor=actor, action=action, model=model, rows=rows, branch_path=branch_path),
        batch_size=1000,
    )


def events_for(
    *,
    actor,
    action: str,
    model: type[models.Model],
    rows: list[tuple[models.Model, dict | None, dict | None]],
    branch_path: str = "",
) -> list[AuditEvent]:
    """The unsaved events ``record_many`` writes: for a caller that writes them its own way in the
    same transaction (``unionhome.bulkcopy``: ``COPY`` on PostgreSQL)."""
    actor = actor if getattr(actor, "pk", None) else None
    actor_name, actor_username = name_and_login(actor)
    events = []
    for obj, before, after in rows:
        before, after = privacy.redact(model, before, after)
        events.append(
            AuditEvent(
                actor=actor,
                actor_name=actor_name,
                actor_username=actor_username,
                action=action,
                object_type=model._meta.label_lower,
                object_id=str(obj.pk or ""),
                object_repr=privacy.describe(obj),
                branch_path=branch_path or _path_of(obj),
                before=before,
                after=after,
            )
        )
    return events


def access(
    *,
    user,
    kind: str,
    obj: models.Model | None = None,
    object_type: str = "",
    branch_path: str = "",
    detail: str = "",
    **detail_args,
) -> AccessLog:
    """Log a view, download or export of a sensitive record.

    ``branch_path``: the unit read (an export: the unit exported); by default the record's unit,
    else the root of the user's scope, so that the entry shows in the access log of whoever
    oversees that unit. ``detail`` is a key of the detail labels (``unionhome.records``) and
    ``detail_args`` fill its placeholders ("导出花名册 %(rows)s 行").
    """
    path = branch_path or (_path_of(obj) if obj is not None else "") or _scope_root(user)
    return AccessLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        kind=kind,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=privacy.describe(obj) if obj is not None else "",
        branch_path=path,
        detail=str(detail)[:255],
        detail_args={k: _jsonable(v) for k, v in detail_args.items()},
    )
