"""Every URL of the project × every role gives the answer its app's permission table says."""

from __future__ import annotations

import importlib
import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
APPS = ("branches", "democracy", "hardship", "ledgers", "assessment")
EXCLUDED_NAMESPACES = ("admin",)  # the Django admin is checked by its own tests


def _table() -> dict:
    table: dict = {}
    for app in APPS:
        try:
            module = importlib.import_module(f"tests.{app}.permissions")
        except ModuleNotFoundError:
            continue
        overlap = set(table) & set(module.TABLE)
        assert not overlap, f"URL names in two tables: {overlap}"
        table.update(module.TABLE)
    return table


TABLE = _table()


def _names(patterns, prefix: str = "") -> list[str]:
    names = []
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace in EXCLUDED_NAMESPACES:
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names += _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.append(prefix + p.name)
    return names


def test_every_url_has_an_entry_in_the_permission_table():
    names = set(_names(get_resolver().url_patterns))
    missing = sorted(names - set(TABLE))
    assert not missing, f"URLs without a permission-table entry: {missing}"
    stale = sorted(set(TABLE) - names)
    assert not stale, f"permission-table entries for URLs that no longer exist: {stale}"


CASES = [(name, role) for name in sorted(TABLE) for role in TABLE[name].roles]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_url_answers_each_role_as_designed(name, role, world, client_for):
    entry = TABLE[name]
    query = entry.query(world) if callable(entry.query) else entry.query
    url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None) + query
    client = client_for(world.user(role))
    if entry.method == "post":
        response = client.post(url, entry.data(world) if entry.data else {})
    else:
        response = client.get(url)
    expected = entry.expect[role]
    assert response.status_code == expected, (
        f"{role} {entry.method.upper()} {url}: {response.status_code} != {expected}"
    )
    if expected == 200 and response.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        # The pages run under a strict CSP: no inline scripts, no style attributes.
        assert not INLINE_SCRIPT.search(page), f"inline <script> on {url}"
        assert ' style="' not in page, f"style attribute on {url}"
    if expected == 302 and role == "anonymous" and entry.method == "get":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]
