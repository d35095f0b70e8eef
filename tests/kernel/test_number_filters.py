"""The one set of number filters (``{% load unionhome %}``): money, score, percent, day, count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from unionhome.templatetags import unionhome as tags


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("1206000"), "1,206,000.00 元"),
        (Decimal("1206000.005"), "1,206,000.01 元"),  # half up to the cent
        (1206000, "1,206,000.00 元"),
        (Decimal("0"), "0.00 元"),
        (Decimal("-1234.5"), "-1,234.50 元"),
        ("780.3", "780.30 元"),
        (Decimal("-0.001"), "0.00 元"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_money_has_separators_two_decimals_and_yuan(value, shown):
    with translation.override("zh-hans"):
        assert tags.money(value) == shown


def test_money_reads_yuan_in_english():
    with translation.override("en"):
        assert tags.money(Decimal("1206000")) == "1,206,000.00 yuan"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (94.7000000000000, "94.7"),
        (Decimal("94.7000000000000"), "94.7"),
        (Decimal("94.65"), "94.7"),  # half up, not to even
        (Decimal("94.25"), "94.3"),
        (100, "100.0"),
        (0, "0.0"),
        (None, "—"),
    ],
)
def test_score_has_one_decimal(value, shown):
    assert tags.score(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("0.9512"), "95.1%"),
        (Decimal("0.95"), "95.0%"),
        (Decimal("0.92645"), "92.6%"),
        (Decimal("0.92650"), "92.7%"),  # half up
        (0.5, "50.0%"),
        (Fraction(2, 3), "66.7%"),
        (1, "100.0%"),
        (0, "0.0%"),
    ],
)
def test_percent_is_rounded_half_up_to_one_decimal(value, shown):
    assert tags.percent(value) == shown


def test_percent_of_nothing_says_no_data():
    with translation.override("zh-hans"):
        assert tags.percent(None) == "无数据"


def test_day_is_one_format_for_dates_and_datetimes(settings):
    assert tags.day(dt.date(2026, 1, 5)) == "2026-01-05"
    # a moment late on 4 January in UTC is already 5 January in Beijing (TIME_ZONE)
    moment = dt.datetime(2026, 1, 4, 20, 30, tzinfo=dt.UTC)
    with timezone.override("Asia/Shanghai"):
        assert tags.day(moment) == "2026-01-05"
    assert tags.day(None) == "—"
    assert tags.day("") == "—"


@pytest.mark.parametrize(
    ("value", "shown"), [(1501, "1,501"), (100000, "100,000"), (0, "0"), (12, "12"), (None, "—")]
)
def test_count_has_thousands_separators(value, shown):
    assert tags.count(value) == shown


def test_filters_work_in_a_template():
    template = Template(
        "{% load unionhome %}{{ m|money }}|{{ s|score }}|{{ r|percent }}|{{ d|day }}|{{ n|count }}"
    )
    with translation.override("zh-hans"):
        out = template.render(
            Context(
                {
                    "m": Decimal("1206000"),
                    "s": 94.70000001,
                    "r": Decimal("0.5"),
                    "d": dt.date(2026, 3, 1),
                    "n": 3000,
                }
            )
        )
    assert out == "1,206,000.00 元|94.7|50.0%|2026-03-01|3,000"


def test_a_value_that_is_not_a_number_is_shown_as_it_is():
    assert tags.money("abc") == "abc"
    assert tags.score("abc") == "abc"
    assert tags.count("abc") == "abc"


def test_money_per_month_and_under_a_header_that_names_the_unit():
    with translation.override("zh-hans"):
        assert tags.money(Decimal("900"), "month") == "900.00 元/月"
        assert tags.money(Decimal("1206000"), "plain") == "1,206,000.00"
        assert tags.money(None, "plain") == "—"


def test_a_date_rendered_without_a_filter_reads_yyyy_mm_dd_in_both_languages():
    template = Template("{{ d }}|{{ t }}")
    moment = dt.datetime(2026, 1, 4, 20, 30, tzinfo=dt.UTC)
    for language in ("zh-hans", "en"):
        with translation.override(language), timezone.override("Asia/Shanghai"):
            assert (
                template.render(Context({"d": dt.date(2026, 1, 5), "t": moment}))
                == "2026-01-05|2026-01-05 04:30"
            )
