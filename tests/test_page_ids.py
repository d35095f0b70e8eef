"""Every office and portal page, as each role that may open it, has no two elements with one ``id``
(a label's ``for`` would point at the wrong field)."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests.test_permission_crawler import TABLE


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(page: str) -> list[str]:
    parser = _Ids()
    parser.feed(page)
    return sorted(i for i, n in parser.ids.items() if n > 1)


PAGES = [
    (name, role)
    for name in sorted(TABLE)
    for role in TABLE[name].roles
    if TABLE[name].method == "get" and TABLE[name].expect[role] == 200 and role != "anonymous"
]


def test_duplicate_ids_are_found():
    assert duplicate_ids('<p id="a"></p><input id="a">') == ["a"]
    assert duplicate_ids('<p id="a"></p><input id="b">') == []


@pytest.mark.parametrize(("name", "role"), PAGES)
def test_no_page_repeats_an_id(name, role, world, client_for):
    entry = TABLE[name]
    url = entry.url(name, world)
    response = client_for(world.user(role)).get(url)
    assert response.status_code == 200
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    assert not duplicate_ids(response.content.decode()), f"{role} {url}"
