"""The menus, generated from the permission map: an entry is shown only to whom its page opens.

Each app declares its entries once, in its ``menu.py``::

    from unionhome.navigation import Entry, declare

    declare(
        Entry("office", "hardship:index", _("Hardship relief"), "hardship.open_pages", order=50,
              current=("hardship:",)),
        Entry("hardship", "hardship:access_log", _("Access log"), "hardship.see_access_log"),
    )

An entry names its menu (``office`` and ``portal``: the top bar; ``records``: the top bar's records
drop-down; an app's own name: its sub-menu), the URL name of its page, its label, and the permission
name the page's view asks with no object (``unionhome.open_office`` for the office,
``unionhome.open_portal`` for the portal, or the page's own). ``current`` lists the beginnings of the
view names that mark the entry as the page the reader is on (``aria-current="page"``; by default,
its own URL name): ``"democracy:"`` marks the top bar's entry on every democracy page,
``"democracy:proposal"`` the sub-menu's on the proposal list and every proposal page. Where
several entries of one menu match, the longest beginning wins.

``menus(request)`` (the ``nav`` of every template, ``unionhome.context_processors``) answers, per
menu, the entries the user may open, in order, the current one marked. ``tests/test_navigation.py``
follows every entry as every role and fails on anything but 200.

Each app also registers, in its ``menu.py``, what work waits for a user (``pending_work``: transfers
waiting for the receiving union, applications to review, failed jobs); ``nav.pending`` lists it on
the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from unionhome import permissions

_entries: list[Entry] = []
_discovered = False


@dataclass(frozen=True)
class Entry:
    menu: str
    url_name: str
    label: object
    permission: str
    order: int = 100
    current: tuple[str, ...] = ()

    def match(self, view_name: str) -> int:
        """How closely the page the reader is on matches this entry (0: not at all)."""
        best = 0
        for pattern in self.current or (self.url_name,):
            if view_name.startswith(pattern):
                best = max(best, len(pattern))
        return best


@dataclass(frozen=True)
class Link:
    url: str
    label: str
    current: bool
    url_name: str


def declare(*entries: Entry) -> None:
    for entry in entries:
        if any(e.menu == entry.menu and e.url_name == entry.url_name for e in _entries):
            raise ValueError(f"{entry.url_name!r} is already in the {entry.menu!r} menu")
        _entries.append(entry)


def entries() -> list[Entry]:
    """Every declared entry (each app's ``menu.py`` imported once)."""
    global _discovered
    if not _discovered:
        permissions.autodiscover("menu")
        _discovered = True
    return sorted(_entries, key=lambda e: (e.menu, e.order))


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else ""


def menu(request, name: str) -> list[Link]:
    """The entries of one menu the request's user may open, the page they are on marked."""
    user = getattr(request, "user", None)
    view_name = _view_name(request)
    found = []
    for entry in entries():
        if entry.menu != name or not permissions.allowed(user, entry.permission):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue  # an app that is not installed
        found.append((entry, url, entry.match(view_name)))
    # one "you are here" per menu: the most specific entry (the longest matching pattern)
    best = max((m for _e, _u, m in found), default=0)
    marked = next((e for e, _u, m in found if best and m == best), None)
    return [Link(url, str(e.label), e is marked, e.url_name) for e, url, _m in found]


class Menus:
    """``nav.office``, ``nav.democracy``…: each menu computed when a template first asks for it."""

    def __init__(self, request):
        self._request = request
        self._cache: dict[str, list[Link]] = {}

    def __getattr__(self, name: str) -> list[Link]:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._cache:
            self._cache[name] = menu(self._request, name)
        return self._cache[name]

    @property
    def pending(self) -> list[Pending]:
        if "_pending" not in self._cache:
            self._cache["_pending"] = pending_for(getattr(self._request, "user", None))
        return self._cache["_pending"]


def menus(request) -> Menus:
    return Menus(request)


# --- pending work on the dashboard ------------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """Work waiting for the user: what, how many, where to do it."""

    label: str
    count: int
    url: str


_pending: list = []


def pending_work(provider):
    """Register a function ``(user) -> list[Pending]`` (in an app's ``menu.py``)."""
    _pending.append(provider)
    return provider


def pending_for(user) -> list[Pending]:
    """The work waiting for the user, from every app (nothing waiting: an empty list)."""
    entries()  # each app's menu.py registers its providers
    found = []
    for provider in _pending:
        found += [p for p in provider(user) if p.count]
    return found
