"""A hardship file opened at any time by the enterprise union (outside a campaign): the four
categories' check, the permission, the refusals, and nothing changed on a refusal."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from hardship import services
from hardship.exceptions import HardshipError
from hardship.models import FileEntry, HardshipFile
from hardship.services.applications import reason_for
from tests.hardship.factories import open_file_for
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent

TODAY = timezone.localdate()
LINE = Decimal("780")


def _open(world, actor="officer", worker=None, **overrides):
    values = {
        "actor": world.users[actor],
        "worker": worker or world.worker_a1,
        "on": TODAY,
        "line": LINE,
        "household_size": 3,
        "household_income": Decimal("2700"),  # 900 a person: below 1.5 × 780 = 1170
        "causes": ["major_illness"],
        "self_paid_or_loss": Decimal("0"),
        "situation": "妻子患病，家庭困难",
    }
    values.update(overrides)
    return services.file_open(**values)


def _nothing_written():
    return (
        not HardshipFile.objects.exists()
        and not FileEntry.objects.exists()
        and not AuditEvent.objects.filter(action="hardship.file.open").exists()
    )


def test_the_enterprise_union_opens_a_file_that_meets_a_category(world):
    file = _open(world)
    assert file.status == "open" and file.worker == world.worker_a1
    assert file.branch == world.branch_a1 and file.enterprise == world.ent_a
    assert file.opened_on == TODAY and file.next_review_on == TODAY + dt.timedelta(days=90)
    assert file.situation == "妻子患病，家庭困难" and file.causes
    entry = file.entries.get()
    assert entry.kind == "review" and entry.recorded_by == world.users["officer"]
    assert "1" in entry.note and "1170" in entry.note
    event = AuditEvent.objects.get(action="hardship.file.open")
    assert event.actor == world.users["officer"] and event.branch_path == world.branch_a1.path


@pytest.mark.parametrize(
    ("overrides", "category"),
    [
        ({"household_income": Decimal("4500"), "causes": ["child_in_school"]}, 2),  # 1500 ≤ 2 L
        ({"household_income": Decimal("6900"), "causes": ["accident"]}, 3),  # 2300 ≤ 3 L
        ({"household_income": Decimal("9000"), "causes": ["major_illness"], "self_paid_or_loss": Decimal("20000")}, 4),
    ],
)  # fmt: skip
def test_each_category_of_the_campaigns_rule(world, overrides, category):
    file = _open(world, **overrides)
    per_capita = (overrides["household_income"] / 3).quantize(Decimal("0.01"))
    assert reason_for(LINE, category, per_capita) in file.entries.get().note
    assert reason_for(LINE, category - 1, per_capita) not in file.entries.get().note


def test_a_family_meeting_no_category_is_refused_and_nothing_changed(world):
    with pytest.raises(HardshipError) as refused:
        _open(world, household_income=Decimal("4500"), causes=["low_income"])  # 1500, no special cause
    assert refused.value.code == "category"
    assert _nothing_written()


@pytest.mark.parametrize("actor", ["branch", "district", "officer_b", "worker"])
def test_who_is_not_the_enterprise_union_officer_is_refused(world, actor):
    with pytest.raises(PermissionRefused):
        _open(world, actor=actor)
    assert _nothing_written()


def test_a_worker_of_another_enterprise_is_refused(world):
    with pytest.raises(PermissionRefused):
        _open(world, worker=world.worker_b1)
    assert _nothing_written()


def test_a_worker_with_an_open_file_is_refused_and_nothing_changed(world):
    existing = open_file_for(world.worker_a1)
    before = list(HardshipFile.objects.values())
    with pytest.raises(HardshipError) as refused:
        _open(world)
    assert refused.value.code == "open_file"
    assert list(HardshipFile.objects.values()) == before
    assert not existing.entries.exists()
    assert not AuditEvent.objects.filter(action="hardship.file.open").exists()


def test_a_closed_file_does_not_stop_a_new_one(world):
    closed = open_file_for(world.worker_a1)
    HardshipFile.objects.filter(pk=closed.pk).update(status="closed", closed_on=TODAY, closed_reason="脱困")
    file = _open(world)
    assert file.pk != closed.pk and HardshipFile.objects.filter(status="open").count() == 1


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"on": TODAY + dt.timedelta(days=1)}, "date"),
        ({"line": Decimal("0")}, "line"),
        ({"household_size": 0}, "household"),
        ({"household_size": 21}, "household"),
        ({"household_income": Decimal("-1")}, "amount"),
        ({"causes": ["laziness"]}, "cause"),
    ],
)
def test_implausible_figures_are_refused(world, overrides, code):
    with pytest.raises(HardshipError) as refused:
        _open(world, **overrides)
    assert refused.value.code == code
    assert _nothing_written()


def test_a_worker_who_left_is_refused(world):
    world.worker_a1.status = "left"
    world.worker_a1.save(update_fields=["status"])
    with pytest.raises(HardshipError) as refused:
        _open(world)
    assert refused.value.code == "left"
    assert _nothing_written()


# --- the office page ----------------------------------------------------------------------------


def _post(world, **overrides):
    data = {
        "id_number": world.worker_a1.id_number,
        "on": TODAY.isoformat(),
        "line": "780",
        "household_size": "3",
        "household_income": "2700",
        "causes": ["major_illness"],
        "self_paid_or_loss": "0",
        "situation": "妻子患病",
    }
    data.update(overrides)
    return data


def test_the_page_opens_the_file_and_shows_it(world, client_for, campaign):
    client = client_for(world.users["officer"])
    page = client.get(reverse("hardship:file_open"))
    assert page.status_code == 200 and page.context["form"].initial["line"] == campaign.line
    assert 'id="open-file"' in client.get(reverse("hardship:files")).content.decode()
    response = client.post(reverse("hardship:file_open"), _post(world))
    file = HardshipFile.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "hardship:file_detail", args=[file.pk]
    )


def test_the_page_refuses_the_branch_officer_and_the_district(world, client_for):
    for role in ("branch", "district"):
        client = client_for(world.users[role])
        assert client.get(reverse("hardship:file_open")).status_code == 403
        assert client.post(reverse("hardship:file_open"), _post(world)).status_code == 403
        assert 'id="open-file"' not in client.get(reverse("hardship:files")).content.decode()
    assert _nothing_written()


def test_the_page_does_not_find_a_worker_outside_the_officers_units(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(reverse("hardship:file_open"), _post(world, id_number=world.worker_b1.id_number))
    assert response.status_code == 200 and "id_number" in response.context["form"].errors
    assert _nothing_written()


def test_the_page_shows_the_refusal_of_a_second_open_file(world, client_for):
    open_file_for(world.worker_a1)
    client = client_for(world.users["officer"])
    response = client.post(reverse("hardship:file_open"), _post(world), follow=True)
    assert response.status_code == 200
    assert HardshipFile.objects.count() == 1
    assert not AuditEvent.objects.filter(action="hardship.file.open").exists()
