"""``unionhome.bulkcopy.Staging`` on PostgreSQL: rows staged without their primary key are
numbered by the table's own sequence on insert, as ``bulk_create`` numbers them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from branches.models import Worker
from tests.factories import id_number
from unionhome import bulkcopy

pytestmark = pytest.mark.postgres


def test_rows_staged_without_their_key_get_the_sequence_s_numbers(world):
    before = set(Worker.objects.values_list("pk", flat=True))
    rows = [
        Worker(
            name=f"批量{i}",
            gender="M",
            id_number=id_number(400 + i, born=dt.date(1971, 3, 3)),
            branch=world.branch_a1,
        )
        for i in range(3)
    ]
    with transaction.atomic():
        staging = bulkcopy.Staging(Worker, with_pk=False)
        staging.copy(rows)
        assert staging.insert() == 3
        staging.drop()
    added = list(Worker.objects.exclude(pk__in=before).order_by("pk"))
    assert [w.name for w in added] == ["批量0", "批量1", "批量2"]
    assert all(w.pk > max(before) for w in added)
    later = Worker.objects.create(
        name="之后", gender="F", id_number=id_number(410, "F", dt.date(1971, 3, 3)), branch=world.branch_a1
    )
    assert later.pk > added[-1].pk  # the sequence moved past the copied rows
