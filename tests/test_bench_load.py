"""The load test's plan at federation size (bench/load.py --federation-workers): on a small generated
federation, every kind of user has accounts, and each account's session opens every URL of its
pages (200, no redirect), so that a long run at 1,000,000 workers does not start on a broken page."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def bench(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("load"), importlib.import_module("common")


@pytest.mark.django_db
def test_every_page_of_the_federation_plan_answers_200_to_its_account(bench, client):
    load, common = bench
    plan = load.federation_plan(common.generate_federation(3000))

    assert set(plan["kinds"]) == set(load.KINDS)
    for kind, spec in plan["kinds"].items():
        assert spec["accounts"], kind
        for account in spec["accounts"][:2]:
            assert set(account["urls"]) == set(spec["pages"])  # every page has its URLs
            client.cookies["sessionid"] = account["sessions"][0]
            for page, urls in account["urls"].items():
                assert urls, (kind, page)
                for url in urls:
                    assert client.get(url).status_code == 200, (account["user"], page, url)
