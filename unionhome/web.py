"""Small HTTP helpers shared by the three doors: access decorators and domain-error handling."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from unionhome import permissions
from unionhome.exceptions import DomainError, PermissionRefused


def office_required(view):
    """Officer workspace: a logged-in user with an appointment in force (or an administrator)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.allowed(request.user, "unionhome.open_office"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def portal_required(view):
    """Worker portal: a logged-in user linked to a roster entry."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.allowed(request.user, "unionhome.open_portal"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def say_done(request, done, what, then: str = "") -> None:
    """Confirm what an action did, naming what it did it to: "已立案：〈提案标题〉，交办至工会办公室",
    "已保存：张三的会员信息" (``done``: the state reached or the verb; ``then``: what follows)."""
    messages.success(request, (_("%(done)s: %(what)s") % {"done": done, "what": what}) + then)


def run_service(request, func, /, **kwargs):
    """Call a service; a refusal becomes a message (or 403), never a 500. Returns (result, ok)."""
    try:
        return func(**kwargs), True
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, False


def act(request, func, /, *, done, what, **kwargs):
    """Run a service as the user (``run_service`` with ``actor=request.user``) and, when it went
    through, confirm it naming its object (``say_done``; ``what`` may be a function of the result).
    Returns (result, ok)."""
    result, ok = run_service(request, func, actor=request.user, **kwargs)
    if ok:
        say_done(request, done, what(result) if callable(what) else what)
    return result, ok
