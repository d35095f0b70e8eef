"""The pure rules of the work ledgers, at their boundaries."""

import datetime as dt
from decimal import Decimal

import pytest

from ledgers import kinds, rules
from ledgers.rules import Field

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1, (None, "min")),
        (0, (0, "")),
        (999, (999, "")),
        (1000, (None, "max")),
        ("7", (7, "")),
        ("x", (None, "number")),
    ],
)
def test_int_field_bounds(value, expected):
    assert rules.check_value(Field("n", rules.INT, min=0, max=999), value) == expected


def test_decimal_field_bounds_and_no_float_tricks():
    f = Field("hours", rules.DECIMAL, required=True, min=Decimal("0.5"), max=Decimal("200"))
    assert rules.check_value(f, "0.4") == (None, "min")
    assert rules.check_value(f, "0.5") == ("0.5", "")
    assert rules.check_value(f, "200") == ("200", "")
    assert rules.check_value(f, "200.1") == (None, "max")
    assert rules.check_value(f, "NaN") == (None, "number")
    assert rules.check_value(f, True) == (None, "number")
    assert rules.check_value(f, "") == (None, "required")


def test_text_choice_date_and_bool_fields():
    assert rules.check_value(Field("t", rules.TEXT), "a" * rules.TEXT_MAX) == ("a" * rules.TEXT_MAX, "")
    assert rules.check_value(Field("t", rules.TEXT), "a" * (rules.TEXT_MAX + 1)) == (None, "too_long")
    choice = Field("c", rules.CHOICE, choices=(("x", "X"),))
    assert rules.check_value(choice, "x") == ("x", "")
    assert rules.check_value(choice, "y") == (None, "choice")
    assert rules.check_value(Field("d", rules.DATE), "2026-02-29") == (None, "date")
    assert rules.check_value(Field("d", rules.DATE), D(2026, 2, 28)) == ("2026-02-28", "")
    assert rules.check_value(Field("b", rules.BOOL, required=True), None) == (False, "")
    assert rules.check_value(Field("b", rules.BOOL), "on") == (True, "")


def test_reference_fields_take_positive_ids_only():
    f = Field("worker", rules.WORKER)
    assert rules.check_value(f, "0") == (None, "reference")
    assert rules.check_value(f, "12") == (12, "")


def test_check_data_drops_undeclared_keys_and_collects_errors():
    fields = (Field("a", rules.INT, required=True), Field("b", rules.TEXT))
    checked = rules.check_data(fields, {"a": "", "b": "x", "evil": "=cmd()"})
    assert checked.errors == {"a": "required"}
    assert checked.data == {"b": "x"}


def test_a_field_type_must_exist():
    with pytest.raises(ValueError):
        Field("x", "money")
    with pytest.raises(ValueError):
        Field("x", rules.CHOICE)


def test_hidden_danger_dates():
    found, today = D(2026, 5, 10), D(2026, 6, 1)
    ok = rules.hidden_danger_errors(found_on=found, deadline=found, closed_on=found, today=today)
    assert ok == {}
    bad = rules.hidden_danger_errors(
        found_on=found, deadline=D(2026, 5, 9), closed_on=D(2026, 5, 9), today=today
    )
    assert bad == {"deadline": "before_found", "closed_on": "before_found"}
    future = rules.hidden_danger_errors(found_on=found, deadline=None, closed_on=D(2026, 6, 2), today=today)
    assert future == {"closed_on": "future"}


def test_closed_in_time_includes_the_deadline_day():
    assert rules.closed_in_time(D(2026, 5, 10), D(2026, 5, 10))
    assert not rules.closed_in_time(D(2026, 5, 10), D(2026, 5, 11))
    assert not rules.closed_in_time(D(2026, 5, 10), None)


def test_quarters():
    assert [rules.quarter_of(D(2026, m, 1)) for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert rules.quarter_bounds(2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
    assert rules.quarter_bounds(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))
    assert rules.ended_quarters(2026, D(2026, 3, 31)) == []
    assert rules.ended_quarters(2026, D(2026, 4, 1)) == [1]
    assert rules.ended_quarters(2025, D(2026, 1, 1)) == [1, 2, 3, 4]
    assert rules.ended_quarters(2027, D(2026, 1, 1)) == []


def test_inspections_share_no_data_versus_zero():
    assert rules.inspections_share({}, [], [1, 2], 1) is None  # no workshop: nothing due
    assert rules.inspections_share({}, [7], [], 1) is None  # no quarter ended yet
    assert rules.inspections_share({}, [7], [1], 1) == Decimal("0")
    assert rules.inspections_share({(7, 1): 1}, [7, 8], [1], 1) == Decimal("0.5")
    assert rules.missed_inspection_quarters({(7, 1): 1}, [7, 8], [1], 1) == [(8, 1, 0)]
    assert rules.missed_inspection_quarters({(7, 1): 1}, [7], [1], 2) == [(7, 1, 1)]


def test_dangers_counted_once_due_or_closed():
    today = D(2026, 6, 1)
    dangers = [
        (D(2026, 6, 5), None),  # open, not yet due: not counted
        (D(2026, 5, 31), None),  # open past its deadline: counted, late
        (D(2026, 5, 1), D(2026, 5, 1)),  # closed on the day: in time
        (D(2026, 5, 1), D(2026, 5, 2)),  # closed a day late
    ]
    assert rules.dangers_closed_in_time(dangers, today) == (1, 3)
    assert rules.dangers_closed_in_time([(D(2026, 6, 5), None)], today) == (0, 0)


def test_letters_answered_within_the_limit():
    received = D(2026, 5, 1)
    assert rules.answered_in_time(received, D(2026, 5, 16), days=15, today=D(2026, 6, 1)) is True
    assert rules.answered_in_time(received, D(2026, 5, 17), days=15, today=D(2026, 6, 1)) is False
    assert rules.answered_in_time(received, None, days=15, today=D(2026, 5, 16)) is None
    assert rules.answered_in_time(received, None, days=15, today=D(2026, 5, 17)) is False


def test_hours_share_and_meets():
    assert rules.hours_per_head(Decimal("0"), 0) is None
    assert rules.hours_per_head(Decimal("0"), 4) == Decimal("0.0")
    assert rules.hours_per_head(Decimal("10"), 4) == Decimal("2.5")
    assert rules.share(0, 0) is None
    assert rules.meets(None, Decimal("1")) is None
    assert rules.meets(Decimal("1"), Decimal("1")) is True


def test_yearly_dues_by_month():
    t = rules.DEFAULTS
    march = rules.yearly_dues(
        year=2026, today=D(2026, 3, 31), has_congress=False, has_plan=False, has_summary=False, thresholds=t
    )
    assert [(d.code, d.overdue) for d in march] == [("congress", False), ("plan", False)]
    april = rules.yearly_dues(
        year=2026, today=D(2026, 4, 1), has_congress=False, has_plan=False, has_summary=False, thresholds=t
    )
    assert ("plan", True) in [(d.code, d.overdue) for d in april]
    december = rules.yearly_dues(
        year=2026, today=D(2026, 12, 1), has_congress=True, has_plan=True, has_summary=False, thresholds=t
    )
    assert [(d.code, d.overdue) for d in december] == [("summary", False)]
    past = rules.yearly_dues(
        year=2025, today=D(2026, 1, 5), has_congress=True, has_plan=True, has_summary=False, thresholds=t
    )
    assert [(d.code, d.overdue) for d in past] == [("summary", True)]


def test_training_after_election():
    elected = D(2026, 1, 1)
    assert (
        rules.training_after_election(elected_on=elected, trained=True, today=D(2026, 6, 1), within_days=90)
        is None
    )
    due = rules.training_after_election(
        elected_on=elected, trained=False, today=D(2026, 4, 1), within_days=90
    )
    assert due.date == D(2026, 4, 1) and not due.overdue
    late = rules.training_after_election(
        elected_on=elected, trained=False, today=D(2026, 4, 2), within_days=90
    )
    assert late.overdue


def test_every_kind_names_its_plan_and_a_known_section():
    assert len(kinds.KINDS) == len(kinds.BY_CODE)
    for kind in kinds.KINDS:
        assert kind.plan.startswith("篇"), kind.code
        assert kind.section in kinds.Section.LABELS, kind.code
        assert kind.linked or kind.fields, kind.code
        assert len({f.name for f in kind.fields}) == len(kind.fields), kind.code
        assert not {"date", "title", "status", "participants", "role", "version"} & {
            f.name for f in kind.fields
        }
        if kind.participants == kinds.HOURS:
            assert kind.field("hours") is not None, kind.code


@pytest.mark.parametrize(
    ("hours", "error"),
    [("0.5", ""), ("200", ""), ("7.5", ""), (Decimal("4"), ""), ("0", "hours_range"), ("0.4", "hours_range"),
     ("200.5", "hours_range"), ("1.25", "hours_step"), ("1.3", "hours_step"), ("", "hours"), (None, "hours"),
     ("abc", "hours"), ("NaN", "hours"), (True, "hours")],
)  # fmt: skip
def test_participant_hours_range_and_step(hours, error):
    assert rules.participant_hours_error(hours) == error
