"""Accounts changed in the admin: audited like every other write (docs/PERMISSIONS.md, "Accounts").

Only administrators manage accounts. The password hash is never part of an audit snapshot; an
event says only that the password was set or changed.
"""

from __future__ import annotations

from django.db import transaction

from . import audit, permissions
from .models import User

# What the audit keeps of an account: never the password hash.
USER_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "is_superuser",
    "worker_id",
)


def user_state(user: User) -> dict:
    return audit.snapshot(user, USER_FIELDS)


@transaction.atomic
def user_save(*, actor, user: User, before: dict | None, password_changed: bool = False) -> User:
    """Save an account (new or changed) and audit it; ``before`` is ``None`` for a new one."""
    permissions.require(actor, "unionhome.manage_accounts", user)
    user.save()
    after = user_state(user)
    if before is not None and before == after and not password_changed:
        return user
    if password_changed:
        after = {**after, "password": "已设置"}
    audit.record(
        actor=actor,
        action="user.create" if before is None else "user.change",
        obj=user,
        before=before,
        after=after,
        branch_path="",
    )
    return user


@transaction.atomic
def user_delete(*, actor, user: User) -> None:
    """Delete an account; its audit and access-log rows keep the name and login (``actor_name``)."""
    permissions.require(actor, "unionhome.manage_accounts", user)
    audit.record(
        actor=actor, action="user.delete", obj=user, before=user_state(user), after=None, branch_path=""
    )
    user.delete()
