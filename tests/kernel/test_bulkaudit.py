"""The audit events a bulk creation builds in SQL (``unionhome.bulkaudit``) are the ones
``audit.events_for`` builds in Python: every field of ``after``, masked values included, the
object's name and unit path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.models import Branch, Worker
from branches.snapshots import WORKER_FIELDS
from tests.factories import WorkerFactory, id_number
from unionhome import audit, bulkaudit
from unionhome.masking import mask_numbers_in

pytestmark = pytest.mark.postgres

# Digits of every kind Python knows (ASCII, Arabic-Indic, full-width, Devanagari, mathematical
# bold, superscripts, circled), the letters the ID pattern looks at, and ordinary text.
TEXT_ALPHABET = "0123456789Xx١٣٨٠０１３８߁०𝟏𝟑²③aZ-* 职工号码"


def _sql_values(expression_of, values: list[str]) -> list[str]:
    sql, params = expression_of("v.t")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql} FROM unnest(%s::text[]) WITH ORDINALITY AS v(t, n) ORDER BY n",  # noqa: S608
            [*params, values],
        )
        return [row[0] for row in cursor.fetchall()]


def test_every_digit_python_knows_is_below_the_table_s_end():
    assert not any(chr(point).isdigit() for point in range(bulkaudit._LAST_DIGIT, 0x110000))


TRICKY = [
    "",
    "张三",
    "13812345678",
    "电话13812345678",
    "12813812345678",  # no phone: a digit before the 1
    "138123456789",  # no phone: twelve digits
    "11010519900101123X",
    "11010519900101123x13812345678",
    "A11010519900101123X",  # a letter before: no ID number
    "1101051990010112345",  # nineteen digits
    "１３８１２３４５６７８",  # full-width digits
    "١٣٨١٢٣٤٥٦٧٨",  # Arabic-Indic digits
    "号码𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖",
    "110105199001011234 and 13912345678 and 110105199001015678",
]


def test_the_sql_masks_the_numbers_in_a_text_as_python_does(db):
    assert _sql_values(bulkaudit.masked_text_sql, TRICKY) == [mask_numbers_in(t) for t in TRICKY]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(alphabet=TEXT_ALPHABET, max_size=40), min_size=1, max_size=30))
def test_the_sql_masks_any_text_as_python_does(db, texts):
    assert _sql_values(bulkaudit.masked_text_sql, texts) == [mask_numbers_in(t) for t in texts]


def _varied_workers(world) -> list[Worker]:
    """Workers whose values go through every rule: numbers inside names and card numbers, short,
    long, non-ASCII and absent phones, digit-only household places, the real-name facts, dates
    and no dates, left workers."""
    values = [
        {"name": "张三"},
        {"name": "王五13812345678", "phone": "13812345678", "card_number": "13912345678"},
        {"name": "李11010519900101123X", "phone": "12345", "card_number": "HZ1"},
        {"name": "赵" * 60, "phone": "", "is_member": False, "member_since": None, "hire_date": None},
        {"phone": "１３８１２３４５６７８", "household_place": "北京市海淀区", "household_type": "urban"},
        {"phone": "١٣٨١٢٣٤٥٦٧٨", "household_place": "123456789"},
        {"phone": "0105551234", "household_place": "²³", "membership_status_reason": "调出 13812345678"},
        {"household_place": "١٢٣", "membership_status": "retained", "membership_status_on": dt.date(2024, 1, 2)},
        {"status": "left", "left_on": dt.date(2025, 3, 4), "ethnic_group": "01", "political_status": "13",
         "education": "20", "card_number": "HZ00000001", "card_issued": True},
        {"name": "手机 139 1234 5678", "confirmed_on": dt.date(2025, 5, 6)},
    ]  # fmt: skip
    workers = []
    for n, extra in enumerate(values):
        branch = world.branch_a1 if n % 2 else world.branch_a2
        workers.append(
            WorkerFactory(branch=branch, id_number=id_number(900 + n, "M", dt.date(1985, 1, 1)), **extra)
        )
    return workers


def test_the_events_built_in_sql_are_the_events_built_in_python(world):
    workers = _varied_workers(world)
    actor = world.users["officer"]
    expected = audit.events_for(
        actor=actor,
        action="worker.import_create",
        model=Worker,
        rows=[(w, None, audit.snapshot(w, WORKER_FIELDS)) for w in workers],
    )
    ids = [w.pk for w in workers]
    select, params = bulkaudit.created_events_sql(
        actor=actor,
        action="worker.import_create",
        model=Worker,
        fields=WORKER_FIELDS,
        source=(
            f"{Worker._meta.db_table} AS w JOIN {Branch._meta.db_table} AS b ON b.id = w.branch_id "
            f"WHERE w.id IN ({', '.join(str(pk) for pk in ids)})"
        ),
        alias="w",
        repr_column="name",
        path="b.path",
        order="w.id",
    )
    first = audit.AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert bulkaudit.insert_events((select, params)) == len(workers)
    built = list(audit.AuditEvent.objects.filter(pk__gt=first).order_by("pk"))
    columns = ("actor_id", "actor_name", "actor_username", "action", "object_type", "object_id",
               "object_repr", "branch_path", "before", "after")  # fmt: skip
    assert [[getattr(e, c) for c in columns] for e in built] == [
        [getattr(e, c) for c in columns] for e in expected
    ]
    # the masked forms are there: an ID number and a phone, never in full
    phone = next(e for e in built if e.object_id == str(workers[1].pk))
    assert phone.after["phone"] == {
        "redacted": "contact",
        "changed": True,
        "filled": True,
        "masked": "138****5678",
    }
    assert phone.after["name"] == "王五138****5678" and phone.object_repr == "王五138****5678"
