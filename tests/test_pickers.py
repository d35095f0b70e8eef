"""People pickers (unionhome/pickers.py): every form that picks a person renders no roster, searches
through one scoped endpoint, and still refuses a person outside its scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Worker
from tests.branches.permissions import _group, _post, _term
from tests.democracy.conftest import make_term
from tests.factories import WorkerFactory
from unionhome import pickers
from unionhome.models import AccessLog, AuditEvent

TODAY = timezone.localdate()


@dataclass(frozen=True)
class Case:
    name: str
    url: object  # world -> page URL
    picker: str
    key: object  # world -> the key the page gives its picker ("" for none)
    field: str
    data: object  # (world, person pk) -> POST data with the person in ``field``


CASES = [
    Case(
        "leadership member",
        lambda w: reverse("branches:leadership_member_add", args=[_group(w).branch_id]),
        "branches.seat_candidates",
        lambda w: w.branch_a1.pk,
        "worker",
        lambda w, pk: {"worker": pk, "role": "leader", "duties": ""},
    ),
    Case(
        "committee seat",
        lambda w: reverse("branches:seat_create", args=[_term(w).pk]),
        "branches.seat_candidates",
        lambda w: w.branch_a1.pk,
        "worker",
        lambda w, pk: {"worker": pk, "position": "chair", "start": ""},
    ),
    Case(
        "workshop post",
        lambda w: reverse("branches:post_assign", args=[_post(w).pk]),
        "branches.seat_candidates",
        lambda w: w.branch_a1.pk,
        "holder",
        lambda w, pk: {"holder": pk, "since": "2025-01-01"},
    ),
    Case(
        "representative",
        lambda w: reverse("democracy:representative_add", args=[make_term(w, extra=1).pk]),
        "democracy.representative_candidates",
        lambda w: make_term(w, extra=1).pk,
        "worker",
        lambda w, pk: {"worker": pk, "group": ""},
    ),
    Case(
        "proposal proposer",
        lambda w: reverse("democracy:proposal_enter"),
        "democracy.proposal_people",
        lambda w: "",
        "proposer",
        lambda w, pk: {"proposer": pk, "kind": "proposal", "title": "食堂", "content": "改善"},
    ),
    Case(
        "proposal co-signers",
        lambda w: reverse("democracy:proposal_enter"),
        "democracy.proposal_people",
        lambda w: "",
        "cosigners",
        lambda w, pk: {
            "proposer": w.worker_a1.pk, "kind": "proposal", "title": "食堂", "content": "改善", "cosigners": [pk]
        },
    ),
    Case(
        "contest participants",
        lambda w: reverse("democracy:contest_create"),
        "democracy.contest_participants",
        lambda w: "",
        "participants",
        lambda w, pk: {
            "enterprise": w.ent_a.pk, "kind": "skill", "title": "技能比武", "held_on": "2025-05-01",
            "participants": [pk],
        },
    ),
    Case(
        "ledger participants",
        lambda w: f"{reverse('ledgers:entry_create')}?unit={w.branch_a1.pk}&kind=training",
        "ledgers.participants",
        lambda w: w.branch_a1.pk,
        "participants",
        lambda w, pk: {
            "date": TODAY.isoformat(), "title": "岗位练兵", "form": "drill", "hours": "3", "participants": [pk]
        },
    ),
]  # fmt: skip
IDS = [c.name for c in CASES]


def _newcomer(world) -> Worker:
    """An active worker of branch A1 who holds nothing yet: a candidate of every picker above."""
    return WorkerFactory(branch=world.branch_a1, name="赵六")


def _search(client, case: Case, world, term: str, key=None):
    key = case.key(world) if key is None else key
    query = {"q": term, **({"key": key} if key != "" else {})}
    return client.get(f"{reverse('pick', args=[case.picker])}?{urlencode(query)}")


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_page_does_not_grow_with_the_roster(case, world, client_for):
    client = client_for(world.users["officer"])
    url = case.url(world)
    before = client.get(url)
    assert before.status_code == 200
    Worker.objects.bulk_create(WorkerFactory.build_batch(500, branch=world.branch_a1, name="批量工人"))
    after = client.get(url).content.decode()
    assert abs(len(after) - len(before.content.decode())) < 200
    assert after.count("<option") < 20 and "批量工人" not in after
    assert f'data-picker-url="{reverse("pick", args=[case.picker])}' in after


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_search_answers_within_the_forms_scope_with_masked_labels(case, world, client_for):
    newcomer = _newcomer(world)
    client = client_for(world.users["officer"])
    found = _search(client, case, world, "赵六").json()["results"]
    assert found == [{"value": str(newcomer.pk), "text": f"赵六 · 甲一分会 · {newcomer.masked_id_number}"}]
    assert newcomer.id_number not in str(found)
    assert _search(client, case, world, "王五").json() == {"results": []}  # enterprise B's worker
    # by the whole ID number (equality on the unique index), never by a part of it
    assert [r["value"] for r in _search(client, case, world, newcomer.id_number).json()["results"]] == [
        str(newcomer.pk)
    ]
    assert _search(client, case, world, newcomer.id_number[:10]).json() == {"results": []}
    assert AccessLog.objects.filter(detail="picker_search", user=world.users["officer"]).count() == 2


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_the_search_refuses_whoever_the_page_refuses(case, world, client_for):
    _newcomer(world)
    page_status = client_for(world.users["officer_b"]).get(case.url(world)).status_code
    response = _search(client_for(world.users["officer_b"]), case, world, "赵六")
    assert response.status_code in (403, 404) or response.json() == {"results": []}
    if page_status in (403, 404):
        assert response.status_code in (403, 404)
    assert _search(client_for(world.users["worker"]), case, world, "赵六").status_code == 403
    assert not AccessLog.objects.filter(detail="picker_search").exists()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_forged_person_outside_the_scope_is_a_form_error_and_nothing_changes(case, world, client_for):
    client = client_for(world.users["officer"])
    url = case.url(world)
    events = AuditEvent.objects.count()
    response = client.post(url, case.data(world, world.worker_b1.pk))  # enterprise B: not a candidate
    assert response.status_code == 200
    assert str(pickers.NOT_HERE) in str(response.context["form"].errors[case.field])
    assert AuditEvent.objects.count() == events
    # the same form with a candidate saves: the refusal above is the scope, not the data
    assert client.post(url, case.data(world, _newcomer(world).pk)).status_code == 302
    assert AuditEvent.objects.count() > events


def test_a_chosen_person_is_rendered_back_as_the_only_option(world, client_for):
    newcomer = _newcomer(world)
    client = client_for(world.users["officer"])
    case = CASES[0]
    data = {**case.data(world, newcomer.pk), "role": "nonsense"}  # invalid elsewhere: the form comes back
    page = client.post(case.url(world), data).content.decode()
    assert (
        f'<option value="{newcomer.pk}" selected>赵六 · 甲一分会 · {newcomer.masked_id_number}</option>'
        in page
    )


def test_without_a_choice_the_error_says_how_to_choose(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(CASES[0].url(world), {"role": "leader"})
    assert str(pickers.REQUIRED) in str(response.context["form"].errors["worker"])
    assert "<noscript>" in response.content.decode()


def test_results_are_capped(world, client_for):
    Worker.objects.bulk_create(WorkerFactory.build_batch(30, branch=world.branch_a1, name="赵六"))
    client = client_for(world.users["officer"])
    found = _search(client, CASES[0], world, "赵六").json()["results"]
    assert len(found) == pickers.MAX_RESULTS


def test_a_short_term_an_unknown_picker_or_a_bad_key_finds_nothing(world, client_for):
    _newcomer(world)
    client = client_for(world.users["officer"])
    assert _search(client, CASES[0], world, "赵").json() == {"results": []}
    assert client.get(reverse("pick", args=["branches.Worker.objects.all"]) + "?q=赵六").status_code == 404
    for key in ("x", "1 OR 1=1", "-1", str(world.branch_b1.pk)):
        assert _search(client, CASES[0], world, "赵六", key=key).status_code == 404
    assert not AccessLog.objects.filter(detail="picker_search").exists()


def test_a_leaver_is_no_candidate(world, client_for):
    newcomer = _newcomer(world)
    Worker.objects.filter(pk=newcomer.pk).update(status=Worker.Status.LEFT, left_on=dt.date(2025, 1, 1))
    client = client_for(world.users["officer"])
    for case in CASES:
        assert _search(client, case, world, "赵六").json() == {"results": []}, case.name
