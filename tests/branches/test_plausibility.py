"""Plausible worker facts: age from the ID, hire and join dates (rules, worker form, roster import)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from branches import rules
from branches.forms.roster import WorkerForm
from branches.models import Branch, Worker

TODAY = dt.date(2026, 6, 15)
D = dt.date


def _id(birth: dt.date, seq: str = "123") -> str:
    first17 = f"110101{birth:%Y%m%d}{seq}"
    return first17 + rules.id_check_character(first17)


@pytest.mark.parametrize(
    ("birth", "expected"),
    [
        (D(2010, 6, 15), None),  # 16 today
        (D(2010, 6, 16), "too_young"),  # 16 tomorrow
        (D(1956, 6, 15), None),  # 70 today: the range is inclusive
        (D(1955, 6, 15), "too_old"),  # 71 today
        (D(1955, 6, 16), None),  # 70, 71 tomorrow
        (D(2026, 6, 16), "birth_future"),
        (D(2030, 1, 1), "birth_future"),
        (D(1900, 1, 1), "too_old"),  # aged 126
        (D(2025, 6, 15), "too_young"),  # aged 1
    ],
)
def test_worker_age(birth, expected):
    assert rules.worker_age_problem(birth, today=TODAY, age_range=(16, 70)) == expected


@pytest.mark.parametrize(
    ("value", "birth", "expected"),
    [
        (None, D(1990, 1, 1), None),
        (TODAY, D(1990, 1, 1), None),
        (TODAY + dt.timedelta(days=1), D(1990, 1, 1), "future"),
        (D(2031, 1, 1), None, "future"),
        (D(2006, 1, 1), D(1990, 1, 1), None),  # turned 16 that day
        (D(2005, 12, 31), D(1990, 1, 1), "before_working_age"),
        (D(1950, 1, 1), D(1985, 3, 1), "before_working_age"),
        (D(2016, 2, 29), D(2000, 2, 29), None),  # leap-day birth
        (D(2016, 2, 28), D(2000, 2, 29), "before_working_age"),
    ],
)
def test_past_dates(value, birth, expected):
    assert rules.past_date_problem(value, today=TODAY, birth=birth) == expected


@pytest.mark.parametrize(
    ("member_since", "hire_date", "stated", "expected"),
    [
        (D(2020, 1, 1), D(2020, 1, 1), False, None),
        (D(2019, 12, 31), D(2020, 1, 1), False, "before_hire"),
        (D(2019, 12, 31), D(2020, 1, 1), True, None),
        (None, D(2020, 1, 1), False, None),
        (D(2019, 1, 1), None, False, None),
    ],
)
def test_membership_before_hire(member_since, hire_date, stated, expected):
    assert rules.membership_problem(member_since, hire_date, joined_before_employer=stated) == expected


def _form_data(world, **overrides):
    data = {
        "name": "赵六",
        "gender": "M",
        "id_number": _id(D(1990, 5, 1)),
        "phone": "",
        "employment_type": "regular",
        "branch": world.branch_a1.pk,
        "hire_date": "2015-03-01",
        "is_member": "on",
        "member_since": "2015-04-01",
        "card_number": "",
        "membership_status": "normal",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": _id(D(2030, 1, 1))}, "id_number"),
        ({"id_number": _id(D(2025, 1, 1))}, "id_number"),  # aged 1
        ({"id_number": _id(D(1900, 1, 1))}, "id_number"),  # aged 126
        ({"hire_date": "2031-01-01"}, "hire_date"),
        ({"member_since": "2031-01-01"}, "member_since"),
        ({"member_since": "1950-01-01", "id_number": _id(D(1985, 1, 1))}, "member_since"),
        ({"member_since": "2014-01-01"}, "member_since"),  # before hire, not stated
    ],
)
def test_the_worker_form_refuses_implausible_facts(world, overrides, field):
    form = WorkerForm(data=_form_data(world, **overrides), branches=Branch.objects.all())
    assert not form.is_valid()
    assert field in form.errors


@pytest.mark.django_db
def test_membership_before_hire_passes_when_stated(world):
    data = _form_data(world, member_since="2014-01-01", joined_before_employer="on")
    form = WorkerForm(data=data, branches=Branch.objects.all())
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_names_keep_full_width_punctuation_and_lose_invisible_characters(world, client_for):
    client = client_for(world.users["officer"])
    data = _form_data(world, name="\u202e王（小）：明\u200b", id_number=_id(D(1991, 2, 3)))
    response = client.post(reverse("branches:worker_create"), data)
    assert response.status_code == 302
    assert Worker.objects.filter(name="王（小）：明").exists()


@pytest.mark.parametrize(
    ("cells", "column", "code"),
    [
        ({"身份证号": _id(D(2030, 1, 1))}, "身份证号", "id_birth_future"),
        ({"身份证号": _id(D(1900, 1, 1))}, "身份证号", "age_range"),
        ({"入职日期": "2031-01-01"}, "入职日期", "date_future"),
        ({"入会日期": "1950-01-01", "身份证号": _id(D(1985, 1, 1))}, "入会日期", "date_before_working_age"),
    ],
)
def test_the_roster_import_uses_the_same_rules(cells, column, code):
    row = {
        "姓名": "赵六",
        "性别": "男",
        "身份证号": _id(D(1990, 5, 1)),
        "手机号": "",
        "用工性质": next(iter(rules.EMPLOYMENT_LABELS)),
        "组织编码": "A1",
        "入职日期": "2015-03-01",
        "是否会员": "是",
        "入会日期": "2015-04-01",
        "会员证号": "",
        "是否发证": "否",
        "状态": next(iter(rules.STATUS_LABELS)),
    }
    row.update(cells)
    parsed, issues = rules.check_roster_row(
        2, [row[c] for c in rules.ROSTER_COLUMNS], {"A1"}, today=TODAY, age_range=(16, 70)
    )
    assert parsed is None
    assert (column, code) in {(i.column, i.code) for i in issues}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?branch=abc", "?status=zzz", "?employment_type=nope&q=x"])
def test_an_invalid_export_filter_exports_nothing(world, client_for, query):
    client = client_for(world.users["officer"])
    response = client.get(reverse("branches:roster_export") + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "筛选条件有误" in response.content.decode()
    listed = client.get(reverse("branches:roster") + query)
    assert list(listed.context["page"]) == [] and listed.context["page"].total == 0
