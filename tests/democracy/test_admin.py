"""The admin is a client of the services: democracy's records are read-only there, and its actions
go through the services (permission-checked, audited)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from democracy import models
from tests.democracy.permissions import _contract, _draft_disclosure, _petition, _proposal, _term
from unionhome.models import AuditEvent

# The models of democratic management outside the answer-once records (ballots, leader ratings,
# survey answers), which keep their own admin rules.
READ_ONLY = [
    models.Term, models.Representative, models.Training, models.Session, models.Attendance,
    models.Resolution, models.Proposal, models.CoSigner, models.ProposalTransition, models.Contest,
    models.LowerMeeting, models.Disclosure, models.Contract, models.FulfilmentCheck, models.ClauseResult,
    models.MediationCommittee, models.MediationCase, models.Petition,
]  # fmt: skip


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_no_add_change_or_delete_in_the_admin(model, world, rf):
    model_admin = admin.site._registry[model]
    request = rf.get("/admin/")
    request.user = world.users["admin"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    for inline in model_admin.get_inline_instances(request):
        assert not inline.has_add_permission(request, None)
        assert not inline.has_change_permission(request)
        assert not inline.has_delete_permission(request)


@pytest.mark.parametrize(
    ("model", "build", "field", "value"),
    [
        (models.Term, _term, "number", 9),
        (models.Proposal, lambda w: {"pk": _proposal(w).pk}, "state", "satisfied"),
        (models.Petition, _petition, "subject", "改过"),
        (models.Contract, _contract, "title", "改过"),
    ],
    ids=["term", "proposal", "petition", "contract"],
)
def test_a_change_posted_to_the_admin_is_refused_and_writes_nothing(
    world, client, model, build, field, value
):
    pk = build(world)["pk"]
    before = model.objects.filter(pk=pk).values_list(field, flat=True).get()
    events = AuditEvent.objects.count()
    client.force_login(world.users["admin"])
    url = reverse(f"admin:democracy_{model._meta.model_name}_change", args=[pk])
    assert client.post(url, {field: value}).status_code == 403
    delete = reverse(f"admin:democracy_{model._meta.model_name}_delete", args=[pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=pk).values_list(field, flat=True).get() == before
    assert AuditEvent.objects.count() == events


def test_publishing_a_disclosure_from_the_admin_goes_through_the_service(world, client):
    pk = _draft_disclosure(world)["pk"]
    client.force_login(world.users["admin"])
    response = client.post(
        reverse("admin:democracy_disclosure_changelist"), {"action": "publish", "_selected_action": [pk]}
    )
    assert response.status_code == 302
    assert models.Disclosure.objects.get(pk=pk).published
    event = AuditEvent.objects.get(action="disclosure.publish")
    assert event.actor_id == world.users["admin"].pk and event.branch_path == world.ent_a.path


def test_publishing_a_contract_from_the_admin_goes_through_the_service(world, client):
    pk = _contract(world)["pk"]
    client.force_login(world.users["admin"])
    client.post(
        reverse("admin:democracy_contract_changelist"), {"action": "publish", "_selected_action": [pk]}
    )
    client.post(
        reverse("admin:democracy_contract_changelist"), {"action": "publish", "_selected_action": [pk]}
    )
    assert models.Contract.objects.get(pk=pk).published
    assert AuditEvent.objects.filter(action="contract.publish").count() == 1  # the second: nothing to do
