"""Named permissions: one predicate per name, asked the same way by services, views, templates.

Each app declares its predicates once, in its own ``permissions.py``::

    from unionhome.permissions import covers, own, perm

    perm("hardship.approve", covers("enterprise.path", Role.UNION_OFFICER))

    @perm("hardship.submit")
    def may_submit(user, application):
        ...

and every door asks by name: ``allowed(user, "hardship.approve", application)`` answers yes or no,
``require(...)`` raises ``PermissionRefused`` (403), templates use ``{{ user|can:"..." }}`` or
``{% can user "..." obj as flag %}`` (``unionhome/templatetags/permissions.py``).

The predicates are ``rules`` predicates registered in its permission set, so Django's
``user.has_perm(name, obj)`` answers the same through ``rules.permissions.ObjectPermissionBackend``
(but for a superuser, whom Django lets through everything: ``allowed`` asks the predicate). A name
shaped like a Django model permission (``app.change_model``) would also decide the admin's checks of
that model; name predicates after the use case instead (``hardship.approve``).

Fail closed: an anonymous or inactive user is refused every permission, whatever the predicate; an
unknown name is a programming error (``UnknownPermission``), never a silent "no".
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import rules
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from rules.predicates import Predicate

from unionhome import scope
from unionhome.exceptions import PermissionRefused

NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")

_predicates: dict[str, Predicate] = {}
_discovered = False
_discovery_lock = threading.Lock()


class UnknownPermission(LookupError):
    """A permission name that no app registered (a typo, or an app's permissions module missing)."""


def _as_predicate(name: str, predicate) -> Predicate:
    if isinstance(predicate, Predicate):
        return predicate
    if not callable(predicate):
        raise ImproperlyConfigured(f"permission {name!r}: a predicate must be callable, not {predicate!r}")
    return rules.predicate(predicate, name=name)


def register(name: str, predicate) -> Predicate:
    """Register ``predicate`` (a ``rules`` predicate or a function of (user, obj)) under ``name``."""
    if not NAME.match(name):
        raise ImproperlyConfigured(f"permission name {name!r} is not of the form 'app.use_case'")
    pred = _as_predicate(name, predicate)
    if name in _predicates:
        raise ImproperlyConfigured(f"permission {name!r} is already registered")
    rules.add_perm(name, pred)
    _predicates[name] = pred
    return pred


def unregister(name: str) -> None:
    """Forget a name (tests that register a throwaway predicate)."""
    if _predicates.pop(name, None) is not None:
        rules.remove_perm(name)


def perm(name: str, predicate=None):
    """Name a predicate: ``perm(name, predicate)``, or ``@perm(name)`` above a function (user, obj)."""
    if predicate is not None:
        return register(name, predicate)

    def decorate(fn: Callable) -> Predicate:
        return register(name, fn)

    return decorate


def _project_app_configs():
    """The project's own apps: packages at the top of the repository (never installed libraries)."""
    base = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.parent == base and "site-packages" not in path.parts:
            yield config


def autodiscover(submodule: str = "permissions") -> None:
    """Import ``<app>.<submodule>`` of every project app (not third-party ones) that has one."""
    for config in _project_app_configs():
        if module_has_submodule(config.module, submodule):
            import_module(f"{config.name}.{submodule}")


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _discovery_lock:
        if not _discovered:
            autodiscover("permissions")
            _discovered = True


def registered() -> list[str]:
    """Every registered name, sorted (the permission tests walk them)."""
    _discover()
    return sorted(_predicates)


def exists(name: str) -> bool:
    _discover()
    return name in _predicates


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def allowed(user, name: str, obj=None) -> bool:
    """May ``user`` do ``name`` (to ``obj``)? Anonymous and inactive users may do nothing."""
    _discover()
    if name not in _predicates:
        raise UnknownPermission(name)
    if not _active(user):
        return False
    return bool(rules.has_perm(name, user, obj))


def require(user, name: str, obj=None, message=None) -> None:
    """Raise ``PermissionRefused`` (403) unless ``allowed(user, name, obj)``."""
    if not allowed(user, name, obj):
        raise PermissionRefused(message or _("You do not have permission to do this."))


# --- predicate builders over scope ----------------------------------------------------------


def _attribute(obj, dotted: str):
    for part in dotted.split("."):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def _path_getter(path_of: str | Callable) -> Callable:
    if callable(path_of):
        return path_of
    return lambda obj: _attribute(obj, path_of)


def covers(path_of: str | Callable, *roles: str) -> Predicate:
    """The user holds one of ``roles`` at the object's node or above it (``scope.covers``).

    ``path_of``: the dotted attribute holding the branch path (``"branch.path"``,
    ``"enterprise.path"``) or a function of the object. No object, or no path: refused.
    """
    get_path = _path_getter(path_of)

    def covering(user, obj) -> bool:
        path = get_path(obj) if obj is not None else None
        return path is not None and scope.covers(user, path, *roles)

    return rules.predicate(covering, name=f"covers({path_of!s}, {', '.join(roles) or 'any role'})")


def covers_below(path_of: str | Callable, *roles: str) -> Predicate:
    """Like ``covers`` but strictly below the appointment's node (``scope.covers_below``)."""
    get_path = _path_getter(path_of)

    def covering_below(user, obj) -> bool:
        path = get_path(obj) if obj is not None else None
        return path is not None and scope.covers_below(user, path, *roles)

    return rules.predicate(
        covering_below, name=f"covers_below({path_of!s}, {', '.join(roles) or 'any role'})"
    )


def own(worker_attr: str = "worker_id") -> Predicate:
    """The object belongs to the user's own roster entry (``obj.<worker_attr> == user.worker_id``)."""

    def owning(user, obj) -> bool:
        worker_id = getattr(user, "worker_id", None)
        return obj is not None and worker_id is not None and _attribute(obj, worker_attr) == worker_id

    return rules.predicate(owning, name=f"own({worker_attr})")


@rules.predicate
def is_admin(user) -> bool:
    """A system administrator (an active superuser)."""
    return scope.is_admin(user)


@rules.predicate
def is_staff_member(user) -> bool:
    """An officer or reviewer of some node, or an administrator."""
    return scope.is_staff_member(user)


# --- the kernel's own: who reads the audit trail and the access log (unionhome/records.py) ----------


def _read_audit_trail(user, event) -> bool:
    """The page: officers and reviewers; an event: a role that reads its kind of record, at its unit."""
    from unionhome import records

    if event is None:
        return records.may_open_audit_trail(user)
    return records.may_read_event(user, event)


def _read_access_log(user, entry) -> bool:
    """Union officers (their enterprise's entries) and district reviewers (all), administrators."""
    from unionhome import records

    if entry is None:
        return records.may_open_access_log(user)
    return records.may_read_access(user, entry)


perm("unionhome.read_audit_trail", _read_audit_trail)
perm("unionhome.read_access_log", _read_access_log)

# The two workspaces (``unionhome.web.office_required``, ``portal_required``; the menus ask the same).
perm("unionhome.open_office", is_staff_member)
perm("unionhome.open_portal", rules.predicate(lambda user: bool(getattr(user, "worker_id", None))))

# Accounts (users) are managed by administrators only (unionhome/accounts_admin.py).
perm("unionhome.manage_accounts", is_admin)
