"""Democracy plausibility: recorded dates not in the future; proposals' text capped."""

from __future__ import annotations

import datetime as dt

import pytest

from democracy import rules
from democracy.forms import PetitionAnswerForm, ProposalSubmitForm

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (None, None),
        (TODAY, None),
        (TODAY + dt.timedelta(days=1), None),  # the margin
        (TODAY + dt.timedelta(days=2), "future"),
        (dt.date(2030, 1, 1), "future"),
    ],
)
def test_recorded_date(day, expected):
    assert rules.recorded_date_problem(day, TODAY) == expected


def test_a_petition_answer_dated_2030_is_refused():
    form = PetitionAnswerForm(data={"handling": "已处理", "result": "办结", "answered_on": "2030-01-01"})
    assert not form.is_valid()
    assert "answered_on" in form.errors


def test_a_100000_character_proposal_is_refused_with_a_clear_message():
    form = ProposalSubmitForm(data={"kind": "suggestion", "title": "建议", "content": "字" * 100_000})
    assert not form.is_valid()
    assert "5000" in form.errors["content"][0] or "5,000" in form.errors["content"][0]
