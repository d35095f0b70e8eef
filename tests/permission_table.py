"""The expected answer of every URL for every role: one readable table per app.

Each app's ``tests/<app>/permissions.py`` defines ``TABLE``: url name → ``Entry``. An entry names
how to build the URL's arguments from the test world and what each role gets:
200 (allowed), 302 (redirected: to the login page for anonymous users), 403 (in scope but not
allowed), 404 (out of scope), 405 (method not allowed). ``tests/test_permission_crawler.py``
walks the URL resolver and fails for any URL without an entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("anonymous", "worker", "branch", "officer", "officer_b", "district", "admin")


@dataclass(frozen=True)
class Entry:
    expect: dict[str, int]
    kwargs: Callable | None = None  # world -> dict of URL kwargs
    method: str = "get"
    data: Callable | None = None  # world -> POST data (for method "post")
    query: str | Callable = ""  # or world -> query string
    note: str = ""
    roles: tuple[str, ...] = field(default=ROLES)

    def url(self, name: str, world) -> str:
        """The entry's URL in ``world``: its kwargs and its query (fixed or built from the world)."""
        from django.urls import reverse

        query = self.query(world) if callable(self.query) else self.query
        return reverse(name, kwargs=self.kwargs(world) if self.kwargs else None) + query

    def __post_init__(self):
        missing = set(self.roles) - set(self.expect)
        if missing:
            raise ValueError(f"entry lacks expectations for {sorted(missing)}")


def office(
    *, worker=403, branch=200, officer=200, officer_b=200, district=200, admin=200, anonymous=302
) -> dict[str, int]:
    """Expectations of an officer-workspace page; override the roles that differ."""
    return {
        "anonymous": anonymous, "worker": worker, "branch": branch, "officer": officer,
        "officer_b": officer_b, "district": district, "admin": admin,
    }  # fmt: skip


def portal(*, worker=200, others=403, anonymous=302) -> dict[str, int]:
    return {
        "anonymous": anonymous, "worker": worker, "branch": others, "officer": others,
        "officer_b": others, "district": others, "admin": others,
    }  # fmt: skip
