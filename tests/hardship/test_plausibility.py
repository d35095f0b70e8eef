"""Hardship plausibility: one applicant (本人) per household; campaign years in range."""

from __future__ import annotations

import pytest

from hardship import rules
from hardship.forms import MemberFormSet


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        (["self", "spouse"], None),
        (["spouse", "child"], "no_self"),
        ([], "no_self"),
        (["self", "self"], "several_self"),
        (["self", "child", "self", "parent"], "several_self"),
    ],
)
def test_self_count(relations, expected):
    assert rules.self_count_problem(relations, "self") == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [(0, "range"), (1999, "range"), (2000, None), (2026, None), (2027, None), (2028, "range")],
)
def test_campaign_year(year, expected):
    assert rules.campaign_year_problem(year, 2026) == expected


def test_the_member_formset_refuses_two_applicants():
    data = {"m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "0"}
    for i in range(2):
        data |= {f"m-{i}-relation": "self", f"m-{i}-name": f"本人{i}", f"m-{i}-monthly_income": "0"}
    formset = MemberFormSet(data, prefix="m")
    assert not formset.is_valid()
    assert any("本人" in e for e in formset.non_form_errors())
