"""Fake fact providers for the engine's tests (named in settings.UNIONHOME_FACT_PROVIDERS)."""

from branches.facts import Fact

FACTS: dict[str, dict[str, Fact]] = {}


def fake_provider(*, branch, year):
    return dict(FACTS.get(branch.code, {}))


def second_provider(*, branch, year):
    return {"funds_remitted": Fact(True, "", "funds remittance")} if branch.code in FACTS else {}
