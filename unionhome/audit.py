"""Writing the audit trail and the access log; every service calls these inside its transaction.

Each row keeps the actor's name and login as text next to the link to the account.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable

from django.db import models

from .models import AccessLog, AuditEvent, name_and_login


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The concrete field values of a model instance, as JSON-able data."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def changed(before: dict | None, after: dict | None) -> bool:
    return before != after


def _path_of(obj) -> str:
    branch = getattr(obj, "branch", None)
    if branch is not None:
        return branch.path
    return getattr(obj, "path", "") or ""


def record(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    branch_path: str | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:200],
        branch_path=branch_path if branch_path is not None else _path_of(obj),
        before=before,
        after=after,
    )


def record_many(
    *,
    actor,
    action: str,
    model: type[models.Model],
    rows: list[tuple[models.Model, dict | None, dict | None]],
    branch_path: str = "",
) -> None:
    """Audit a bulk write with one INSERT (one row per changed object)."""
    actor = actor if getattr(actor, "pk", None) else None
    actor_name, actor_username = name_and_login(actor)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                actor_name=actor_name,
                actor_username=actor_username,
                action=action,
                object_type=model._meta.label_lower,
                object_id=str(obj.pk or ""),
                object_repr=str(obj)[:200],
                branch_path=branch_path or _path_of(obj),
                before=before,
                after=after,
            )
            for obj, before, after in rows
        ],
        batch_size=1000,
    )


def access(
    *,
    user,
    kind: str,
    obj: models.Model | None = None,
    object_type: str = "",
    branch_path: str = "",
    detail: str = "",
) -> AccessLog:
    return AccessLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        kind=kind,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        branch_path=branch_path or (_path_of(obj) if obj is not None else ""),
        detail=detail[:255],
    )
