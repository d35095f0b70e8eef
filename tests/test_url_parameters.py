"""No malformed URL or query parameter gives a server error: 400 or 404, never 500.

Every URL pattern of the project (the resolver walked recursively; the admin has its own tests) is
requested by GET as each kind of demo user, with its path converters filled with hostile values
and hostile query parameters added: first a fixed sweep of the known cases, then Hypothesis draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unionhome.models import User
from unionhome.roles import Role

EXCLUDED_NAMESPACES = ("admin",)
CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")
HUGE = "9" * 30
# What a path converter is filled with: real ids of the demo (1, 2), none, and values too large
# for any integer column; values an ``int`` converter refuses end at the resolver (404).
PATH_VALUES = ("1", "2", "0", "2147483648", "9223372036854775808", HUGE, "-1", "一", "a'b", "%0A", "x" * 300)
# The sweep's query strings: each names several hostile parameters at once (a view refusing the
# first with 400 is fine); the Hypothesis draws below try them one by one and mixed.
QUERIES = (
    {
        "year": HUGE, "branch": "abc", "page": "-1", "status": "\x00", "state": "'\"<>", "kind": "\n",
        "unit": "1e9", "campaign": "-0", "enterprise": " 1", "inline": "2", "next": "//evil.example",
    },
    {
        "q": "测" * 10_000, "date": "2026-02-30", "since": "99999-01-01", "until": "0000-00-00",
        "from": "2026-13-01", "to": "x", "on": HUGE, "month": "13", "quarter": "5", "number": HUGE,
        "round": "-1", "sort": "-id'", "order": "__class__", "format": "../../etc/passwd",
    },
    {"year": "-1", "branch": HUGE, "page": HUGE, "unit": HUGE, "campaign": HUGE, "enterprise": HUGE,
     "cursor": "eyJrIjpbMV19:forged:sig"},
)  # fmt: skip
UNREACHED = (301, 302, 403, 404, 405)
QUERY_NAMES = sorted({name for q in QUERIES for name in q} | {"pk", "id", "worker", "term", "standard"})
HOSTILE_TEXT = st.one_of(
    st.sampled_from([HUGE, "-1", "0", "abc", "\x00", "'", '"', "\n", "测试", "1.5", "1e400", "nan", "", " "]),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)


@dataclass(frozen=True)
class Route:
    name: str
    template: str  # "/office/roster/<int:pk>/"

    def fill(self, value: str) -> str:
        return CONVERTER.sub(value, self.template)


def _routes(patterns, prefix: str = "/", namespace: str = "") -> list[Route]:
    routes = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in EXCLUDED_NAMESPACES:
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            routes += _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            routes.append(Route(namespace + (p.name or "?"), prefix + str(p.pattern)))
    return routes


ROUTES = _routes(get_resolver().url_patterns)


def _demo_users() -> list[User | None]:
    """Anonymous, a superuser, a portal worker, and one demo user of each role."""
    users: list[User | None] = [None, User.objects.filter(is_superuser=True).order_by("pk").first()]
    users.append(
        User.objects.filter(worker__isnull=False, is_superuser=False, appointments__isnull=True)
        .order_by("pk")
        .first()
    )
    for role in Role.values:
        users.append(User.objects.filter(appointments__role=role).order_by("pk").first())
    return [u for i, u in enumerate(users) if u is None and i == 0 or u is not None]


def _get(client: Client, url: str, query: dict) -> tuple[tuple[str, str] | None, int]:
    """The request's error (None unless a server error) and its status."""
    try:
        response = client.get(url, query)
    except Exception as exc:  # noqa: BLE001 - a view's exception is the finding
        return (url, f"{type(exc).__name__}: {str(exc)[:200]}"), 500
    if response.status_code >= 500:
        return (url, str(response.status_code)), response.status_code
    return None, response.status_code


def _clients(users) -> list[Client]:
    clients = []
    for user in users:
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        clients.append(client)
    return clients


def test_every_url_pattern_is_walked():
    names = {r.name for r in ROUTES}
    assert {"branches:committee_export", "democracy:overview", "branches:worker_detail"} <= names
    assert any("<int:" in r.template for r in ROUTES)


@pytest.mark.django_db
def test_known_hostile_parameters_give_no_server_error(demo_data):
    clients = _clients(_demo_users())
    assert len(clients) >= 5
    errors = set()
    for route in ROUTES:
        for client in clients:
            for value in ("1", HUGE) if "<" in route.template else ("",):
                url = route.fill(value)
                error, status = _get(client, url, {})
                if error is not None:
                    errors.add((route.name, "", *error))
                if status in UNREACHED:
                    continue  # this user never reaches the view's parameter parsing here
                for query in QUERIES:
                    if (error := _get(client, url, query)[0]) is not None:
                        errors.add((route.name, str(query)[:60], *error))
    assert not errors, "\n".join(map(str, sorted(errors)))


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    value=st.one_of(st.sampled_from(PATH_VALUES), st.integers(min_value=0, max_value=10**25).map(str)),
    query=st.dictionaries(st.sampled_from(QUERY_NAMES), HOSTILE_TEXT, max_size=4),
    who=st.integers(min_value=0, max_value=20),
)
def test_drawn_hostile_parameters_give_no_server_error(demo_data, route, value, query, who):
    users = _demo_users()
    [client] = _clients([users[who % len(users)]])
    assert _get(client, route.fill(value), query)[0] is None
