"""Transfer of membership (会员关系转接): the workflow, the rosters and the rates around it."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import rules, selectors, services
from branches.exceptions import TransferError
from branches.models import Appointment, MembershipTransfer, TransferTransition, Worker
from branches.workflows import TRANSFER
from tests.factories import AppointmentFactory, WorkerFactory, make_branch
from unionhome import permissions
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent
from unionhome.workflow import StateConflict, available_actions

State = MembershipTransfer.State
TODAY = dt.date.today()


def _start(world, worker=None, **kw):
    return services.transfer_start(
        actor=world.users["officer"],
        worker=worker or world.worker_a1,
        to_unit=world.ent_b,
        reason="工作调动",
        **kw,
    )


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# --- the transition table (branches/workflows.py) and who may take each step ----------------------

TABLE = [
    ("asked", "confirm", "requested", "branches.send_transfer"),
    ("asked", "refuse", "refused", "branches.send_transfer"),
    ("asked", "cancel", "cancelled", "branches.cancel_transfer"),
    ("requested", "accept", "accepted", "branches.receive_transfer"),
    ("requested", "refuse", "refused", "branches.receive_transfer"),
    ("requested", "cancel", "cancelled", "branches.cancel_transfer"),
    ("claimed", "release", "accepted", "branches.send_transfer"),
    ("claimed", "refuse", "refused", "branches.send_transfer"),
    ("claimed", "cancel", "cancelled", "branches.receive_transfer"),
]


@pytest.mark.parametrize(("state", "action", "to", "permission"), TABLE)
def test_the_table_leads_each_step_to_its_state_under_its_permission(state, action, to, permission):
    step = TRANSFER.steps[(state, action)]
    assert (step.to, step.permission, step.system) == (to, permission, False)


def test_the_table_has_no_other_steps_and_is_sound():
    assert set(TRANSFER.steps) == {(s, a) for s, a, _t, _p in TABLE}
    assert TRANSFER.problems() == []
    assert TRANSFER.final_states() == ["accepted", "refused", "cancelled"]


def _requested(world, *, asked_by=None, outside=False):
    return MembershipTransfer.objects.create(
        worker=world.worker_a1,
        from_branch=world.branch_a1,
        to_unit=None if outside else world.ent_b,
        outside_union="外地工会" if outside else "",
        reason="调动",
        state=State.REQUESTED,
        requested_by=asked_by,
    )


# Who passes each transfer permission, for a transfer out of branch A1 into enterprise B (docs/PERMISSIONS.md).
ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")
WHO = {
    "branches.send_transfer": {"branch", "officer", "admin"},
    "branches.receive_transfer": {"officer_b", "admin"},
    "branches.cancel_transfer": {"branch", "officer", "admin"},
}


@pytest.mark.parametrize("name", sorted(WHO))
@pytest.mark.parametrize("role", ROLES)
def test_each_transfer_permission_by_role(world, name, role):
    transfer = _requested(world)
    assert permissions.allowed(world.user(role), name, transfer) == (role in WHO[name])


def test_the_worker_who_asked_may_cancel_and_the_sender_answers_for_a_union_outside_the_system(world):
    asked = _requested(world, asked_by=world.users["worker"])
    assert permissions.allowed(world.users["worker"], "branches.cancel_transfer", asked)
    asked.requested_by = world.users["officer"]  # started by the officer: the worker may not cancel it
    assert not permissions.allowed(world.users["worker"], "branches.cancel_transfer", asked)
    MembershipTransfer.objects.filter(pk=asked.pk).delete()
    outside = _requested(world, outside=True)
    assert permissions.allowed(world.users["branch"], "branches.receive_transfer", outside)
    assert not permissions.allowed(world.users["officer_b"], "branches.receive_transfer", outside)


def test_actions_offered_follow_the_table_and_the_permissions(world):
    transfer = _requested(world)
    codes = {
        role: [a.code for a in available_actions(TRANSFER, transfer, world.user(role))] for role in ROLES
    }
    assert codes == {
        "worker": [],
        "branch": ["cancel"],
        "officer": ["cancel"],
        "officer_b": ["accept", "refuse"],
        "district": [],
        "admin": ["accept", "refuse", "cancel"],
    }
    transfer.state = State.ACCEPTED
    assert available_actions(TRANSFER, transfer, world.users["admin"]) == []


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2025, 3, 31), "A"),  # the day before the move: still in the old unit
        (dt.date(2025, 4, 1), "B"),  # from the effective date: in the new unit
        (dt.date(2025, 6, 1), "B"),
        (dt.date(2025, 9, 1), "C"),  # after a second move
    ],
)
def test_path_on_places_a_worker_by_the_moves_after_the_date(on, expected):
    moves = [(dt.date(2025, 4, 1), "A", "B"), (dt.date(2025, 9, 1), "B", "C")]
    assert rules.path_on("C", moves, on) == expected


def test_last_months_runs_back_over_the_new_year():
    assert rules.last_months(dt.date(2026, 2, 10), 3) == ["2025-12", "2026-01", "2026-02"]


# --- accepted, refused, cancelled -----------------------------------------------------------------


def test_an_accepted_transfer_moves_the_roster_entry_and_keeps_the_membership_date(world, client_for):
    officer, officer_b = world.users["officer"], world.users["officer_b"]
    a_before, b_before = selectors.stats_of(officer, world.ent_a), selectors.stats_of(officer_b, world.ent_b)
    assert (a_before.total.members, b_before.total.members) == (2, 1)

    transfer = _start(world)
    assert _fresh(world.worker_a1).branch == world.branch_a1  # nothing moves before acceptance
    client = client_for(officer_b)
    response = client.post(
        reverse("branches:transfer_act", args=[transfer.pk, "accept"]),
        {"to_branch": world.branch_b1.pk, "effective_on": TODAY.isoformat(), "comment": "欢迎"},
    )
    assert response.status_code == 302
    worker = _fresh(world.worker_a1)
    assert worker.branch == world.branch_b1 and worker.member_since == dt.date(2015, 6, 1)
    assert worker.status == "active" and worker.membership_status == "normal"
    assert Worker.objects.filter(id_number=worker.id_number).count() == 1  # never two memberships
    transfer = _fresh(transfer)
    assert (
        transfer.state == State.ACCEPTED
        and transfer.effective_on == TODAY
        and transfer.to_branch == world.branch_b1
    )
    assert list(transfer.transitions.values_list("from_state", "to_state", "action", "reason")) == [
        ("", "requested", "start", "工作调动"),
        ("requested", "accepted", "accept", "欢迎"),
    ]
    assert {"transfer.start", "transfer.accept", "worker.transfer"} <= set(
        AuditEvent.objects.values_list("action", flat=True)
    )

    a_after, b_after = selectors.stats_of(officer, world.ent_a), selectors.stats_of(officer_b, world.ent_b)
    assert (a_after.total.members, b_after.total.members) == (1, 2)
    assert (a_after.total.workers, b_after.total.workers) == (1, 2)
    # counted once, in the unit that held the member on the date asked
    yesterday = TODAY - dt.timedelta(days=1)
    assert selectors.members_on(branches=[world.ent_a, world.ent_b, world.district], on=yesterday) == {
        world.ent_a.pk: 2, world.ent_b.pk: 1, world.district.pk: 3
    }  # fmt: skip
    assert selectors.members_on(branches=[world.ent_a, world.ent_b, world.district], on=TODAY) == {
        world.ent_a.pk: 1, world.ent_b.pk: 2, world.district.pk: 3
    }  # fmt: skip
    # both units' histories show it
    assert transfer in selectors.unit_transfers(world.ent_a) and transfer in selectors.unit_transfers(
        world.ent_b
    )
    page_a = (
        client_for(officer).get(reverse("branches:branch_detail", args=[world.ent_a.pk])).content.decode()
    )
    assert "张三" in page_a and "已接收" in page_a
    page_b = (
        client_for(officer_b).get(reverse("branches:branch_detail", args=[world.ent_b.pk])).content.decode()
    )
    assert "张三" in page_b and "2015-06-01" in page_b
    # the old unit's officer no longer sees the worker on the roster
    roster_a = client_for(officer).get(reverse("branches:roster")).content.decode()
    assert "张三" not in roster_a


def test_a_refused_transfer_leaves_both_rosters_and_rates_unchanged(world, client_for):
    transfer = _start(world)
    response = client_for(world.users["officer_b"]).post(
        reverse("branches:transfer_act", args=[transfer.pk, "refuse"]), {"comment": "无此岗位"}
    )
    assert response.status_code == 302
    assert _fresh(transfer).state == State.REFUSED and _fresh(transfer).decided_at is not None
    assert _fresh(world.worker_a1).branch == world.branch_a1
    assert selectors.stats_of(world.users["officer"], world.ent_a).total.members == 2
    assert selectors.stats_of(world.users["officer_b"], world.ent_b).total.members == 1
    assert TransferTransition.objects.filter(
        transfer=transfer, to_state="refused", action="refuse", reason="无此岗位"
    ).exists()
    assert selectors.members_on(branches=[world.ent_a, world.ent_b], on=TODAY) == {
        world.ent_a.pk: 2,
        world.ent_b.pk: 1,
    }


def test_a_cancelled_transfer_changes_nothing_and_cannot_then_be_accepted(world, client_for):
    transfer = _start(world)
    client_for(world.users["officer"]).post(reverse("branches:transfer_act", args=[transfer.pk, "cancel"]))
    assert _fresh(transfer).state == State.CANCELLED
    with pytest.raises(StateConflict) as exc:
        services.transfer_apply(
            actor=world.users["officer_b"], transfer=transfer, action="accept", to_branch=world.branch_b1
        )
    assert exc.value.code == "state"
    # a final state refuses every step, whoever asks (the table first): nothing is written
    for user in (world.users["worker"], world.users["officer"]):
        with pytest.raises(StateConflict):
            services.transfer_apply(actor=user, transfer=transfer, action="cancel")
    assert _fresh(world.worker_a1).branch == world.branch_a1
    assert selectors.stats_of(world.users["officer_b"], world.ent_b).total.members == 1
    assert transfer.transitions.count() == 2


def test_a_second_accept_is_refused_with_a_clear_message_and_one_transition(world, client_for):
    transfer = _start(world)
    client = client_for(world.users["officer_b"])
    url = reverse("branches:transfer_act", args=[transfer.pk, "accept"])
    client.post(url, {"to_branch": world.branch_b1.pk})
    response = client.post(url, {"to_branch": world.ent_b.pk}, follow=True)
    assert "该会员关系转接当前为“已接收”，无法“接收”（可能有人刚刚已处理）；未做任何更改。" in (
        response.content.decode()
    )
    assert _fresh(world.worker_a1).branch == world.branch_b1
    assert transfer.transitions.filter(to_state="accepted").count() == 1


def test_the_receiving_unit_must_be_inside_the_receiving_enterprise(world):
    transfer = _start(world)
    with pytest.raises(TransferError):
        services.transfer_apply(
            actor=world.users["officer_b"], transfer=transfer, action="accept", to_branch=world.branch_a2
        )
    assert _fresh(transfer).state == State.REQUESTED and _fresh(world.worker_a1).branch == world.branch_a1


def test_only_one_open_transfer_per_worker_and_not_into_the_own_union(world):
    _start(world)
    with pytest.raises(TransferError) as exc:
        _start(world)
    assert exc.value.code == "open"
    with pytest.raises(TransferError) as exc:
        services.transfer_start(
            actor=world.users["officer"], worker=world.worker_a2, to_unit=world.ent_a, reason="调动"
        )
    assert exc.value.code == "same_union"
    with pytest.raises(TransferError):
        services.transfer_start(
            actor=world.users["officer"],
            worker=world.worker_a2,
            to_unit=world.ent_b,
            outside_union="外单位工会",
            reason="x",
        )
    assert MembershipTransfer.objects.count() == 1


def test_a_transfer_outside_the_system_marks_the_member_transferred_out_and_left(world, client_for):
    transfer = services.transfer_start(
        actor=world.users["branch"], worker=world.worker_a1, outside_union="外省某公司工会", reason="跨省调动"
    )
    assert available_actions(TRANSFER, transfer, world.users["officer_b"]) == []
    client_for(world.users["officer"]).post(reverse("branches:transfer_act", args=[transfer.pk, "accept"]))
    worker = _fresh(world.worker_a1)
    assert (
        worker.status == "left" and worker.left_on == TODAY and worker.membership_status == "transferred_out"
    )
    assert worker.membership_status_reason == "转至外省某公司工会" and worker.member_since == dt.date(
        2015, 6, 1
    )
    assert selectors.stats_of(world.users["officer"], world.ent_a).total.members == 1
    assert selectors.members_on(branches=[world.ent_a], on=TODAY - dt.timedelta(days=1)) == {
        world.ent_a.pk: 2
    }


# --- scope ------------------------------------------------------------------------------------


def test_an_officer_out_of_scope_cannot_start_a_transfer(world, client_for):
    url = reverse("branches:transfer_start", args=[world.worker_a1.pk])
    response = client_for(world.users["officer_b"]).post(url, {"to_unit": world.ent_b.pk, "reason": "x"})
    assert response.status_code == 404
    with pytest.raises(PermissionRefused):
        services.transfer_start(
            actor=world.users["officer_b"], worker=world.worker_a1, to_unit=world.ent_b, reason="x"
        )
    # a branch officer of A1 is outside sibling A2
    response = client_for(world.users["branch"]).post(
        reverse("branches:transfer_start", args=[world.worker_a2.pk]),
        {"to_unit": world.ent_b.pk, "reason": "x"},
    )
    assert response.status_code == 404
    assert not MembershipTransfer.objects.exists()


def test_an_officer_out_of_scope_cannot_accept(world, client_for):
    ent_c = make_branch(world.district, "C", "enterprise", "丙企业工会")
    officer_c = AppointmentFactory(
        branch=ent_c, role=Appointment.Role.UNION_OFFICER, user__username="officer_c"
    ).user
    transfer = services.transfer_start(
        actor=world.users["officer"], worker=world.worker_a2, to_unit=world.ent_b, reason="x"
    )
    for user in (officer_c, world.users["branch"]):
        response = client_for(user).post(
            reverse("branches:transfer_act", args=[transfer.pk, "accept"]), {"to_branch": world.branch_b1.pk}
        )
        assert response.status_code == 404
        assert client_for(user).get(transfer.get_absolute_url()).status_code == 404
    # in scope but not the receiving side: the sender and the district reviewer are refused (403)
    for user in (world.users["officer"], world.users["district"]):
        response = client_for(user).post(
            reverse("branches:transfer_act", args=[transfer.pk, "accept"]), {"to_branch": world.branch_b1.pk}
        )
        assert response.status_code == 403
    assert _fresh(transfer).state == State.REQUESTED and _fresh(world.worker_a2).branch == world.branch_a2


def test_the_district_reviewer_sees_every_transfer_of_the_district_in_one_list(world, client_for):
    _start(world)
    services.transfer_start(
        actor=world.users["officer_b"], worker=world.worker_b1, to_unit=world.ent_a, reason="调回"
    )
    page = client_for(world.users["district"]).get(reverse("branches:transfer_list")).content.decode()
    assert "张三" in page and "王五" in page
    page_branch = client_for(world.users["branch"]).get(reverse("branches:transfer_list")).content.decode()
    assert "张三" in page_branch and "王五" not in page_branch  # into A, not into the branch officer's A1


def test_the_transfer_list_uses_as_many_queries_for_many_rows_as_for_one(world, client_for):
    client = client_for(world.users["district"])
    _start(world)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("branches:transfer_list"))
    for worker in WorkerFactory.create_batch(15, branch=world.branch_a2):
        services.transfer_start(
            actor=world.users["officer"], worker=worker, to_unit=world.ent_b, reason="调动"
        )
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("branches:transfer_list"))
    assert len(response.context["rows"]) == 16
    assert len(large) == len(small)


# --- the worker's own request -------------------------------------------------------------------


def test_a_worker_asks_in_the_portal_the_old_unit_confirms_and_the_new_one_accepts(world, client_for):
    client = client_for(world.users["worker"])
    response = client.post(reverse("portal:transfers"), {"to_unit": world.ent_b.pk, "reason": "到乙企业工作"})
    assert response.status_code == 302
    transfer = MembershipTransfer.objects.get()
    assert transfer.state == State.ASKED and transfer.requested_by == world.users["worker"]
    assert "本人申请" in client.get(reverse("portal:transfers")).content.decode()
    # the receiving union cannot act before the old unit confirms
    with pytest.raises(PermissionRefused):
        services.transfer_apply(actor=world.users["officer_b"], transfer=transfer, action="confirm")
    client_for(world.users["branch"]).post(reverse("branches:transfer_act", args=[transfer.pk, "confirm"]))
    assert _fresh(transfer).state == State.REQUESTED
    services.transfer_apply(
        actor=world.users["officer_b"], transfer=transfer, action="accept", to_branch=world.branch_b1
    )
    assert _fresh(world.worker_a1).branch == world.branch_b1
    page = client_for(world.users["worker"]).get(reverse("portal:profile")).content.decode()
    assert "乙一分会" in page and "2015-06-01入会" in page


def test_a_worker_withdraws_their_own_request_but_not_anyone_elses(world, client_for):
    client = client_for(world.users["worker"])
    client.post(reverse("portal:transfers"), {"outside_union": "外地工会", "reason": "回乡"})
    transfer = MembershipTransfer.objects.get()
    other = services.transfer_start(
        actor=world.users["officer"], worker=world.worker_a2, to_unit=world.ent_b, reason="x"
    )
    assert client.post(reverse("portal:transfer_cancel", args=[other.pk])).status_code == 404
    assert client.post(reverse("portal:transfer_cancel", args=[transfer.pk])).status_code == 302
    assert _fresh(transfer).state == State.CANCELLED and _fresh(other).state == State.REQUESTED


def test_a_worker_request_naming_two_destinations_is_refused_in_chinese(world, client_for):
    response = client_for(world.users["worker"]).post(
        reverse("portal:transfers"), {"to_unit": world.ent_b.pk, "outside_union": "外地工会", "reason": "x"}
    )
    assert response.status_code == 200 and "二者只能选其一" in response.content.decode()
    assert not MembershipTransfer.objects.exists()


# --- claims by an importing union (transfer_start_many) ---------------------------------------------


def test_claims_wait_for_the_old_union_and_move_only_when_released(world):
    second = WorkerFactory(branch=world.branch_a2)
    claims = services.transfer_start_many(
        actor=world.users["officer_b"],
        workers=[world.worker_a1, second],
        to_unit=world.branch_b1,
        reason="导入花名册",
    )
    assert [c.state for c in claims] == [State.CLAIMED, State.CLAIMED]
    assert _fresh(world.worker_a1).branch == world.branch_a1 and _fresh(second).branch == world.branch_a2
    assert [a.code for a in available_actions(TRANSFER, claims[0], world.users["officer_b"])] == ["cancel"]
    services.transfer_apply(actor=world.users["officer"], transfer=claims[0], action="release")
    services.transfer_apply(actor=world.users["officer"], transfer=claims[1], action="refuse")
    assert _fresh(world.worker_a1).branch == world.branch_b1 and _fresh(second).branch == world.branch_a2


def test_a_claim_with_one_bad_row_creates_nothing(world):
    with pytest.raises(TransferError):
        services.transfer_start_many(
            actor=world.users["officer_b"],
            workers=[world.worker_a1, world.worker_b1],
            to_unit=world.ent_b,
            reason="x",
        )
    assert (
        not MembershipTransfer.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="transfer").exists()
    )
    with pytest.raises(PermissionRefused):
        services.transfer_start_many(
            actor=world.users["officer"], workers=[world.worker_b1], to_unit=world.ent_b, reason="x"
        )


# --- the flow per month ---------------------------------------------------------------------------


def test_the_dashboard_and_unit_page_count_transfers_in_and_out_per_month(world, client_for):
    transfer = _start(world)
    services.transfer_apply(
        actor=world.users["officer_b"], transfer=transfer, action="accept", to_branch=world.branch_b1
    )
    month = rules.in_month(TODAY)
    flow_a = {r["month"]: r for r in selectors.transfer_flow(paths=[world.ent_a.path], today=TODAY)}
    flow_b = {r["month"]: r for r in selectors.transfer_flow(paths=[world.ent_b.path], today=TODAY)}
    flow_d = {r["month"]: r for r in selectors.transfer_flow(paths=[world.district.path], today=TODAY)}
    assert (flow_a[month]["out"], flow_a[month]["in"]) == (1, 0)
    assert (flow_b[month]["out"], flow_b[month]["in"]) == (0, 1)
    assert flow_d[month]["within"] == 1 and flow_d[month]["in"] == flow_d[month]["out"] == 0
    page = client_for(world.users["officer_b"]).get(reverse("branches:dashboard")).content.decode()
    assert "每月会员转接" in page and month in page


def test_an_unknown_step_is_not_found_and_a_get_is_not_allowed(world, client_for):
    transfer = _start(world)
    client = client_for(world.users["officer_b"])
    assert client.post(reverse("branches:transfer_act", args=[transfer.pk, "approve"])).status_code == 404
    assert client.get(reverse("branches:transfer_act", args=[transfer.pk, "accept"])).status_code == 405
    assert _fresh(transfer).state == State.REQUESTED


def test_accepting_without_a_receiving_unit_changes_nothing(world, client_for):
    transfer = _start(world)
    response = client_for(world.users["officer_b"]).post(
        reverse("branches:transfer_act", args=[transfer.pk, "accept"]),
        {"to_branch": world.branch_a1.pk},
        follow=True,
    )
    assert "请选择接收该职工的组织" in response.content.decode()
    assert _fresh(transfer).state == State.REQUESTED and _fresh(world.worker_a1).branch == world.branch_a1


def test_the_list_filters_by_state_and_the_worker_page_shows_the_transfers(world, client_for):
    accepted = _start(world)
    services.transfer_apply(
        actor=world.users["officer_b"], transfer=accepted, action="accept", to_branch=world.branch_b1
    )
    services.transfer_start(
        actor=world.users["officer"], worker=world.worker_a2, to_unit=world.ent_b, reason="x"
    )
    client = client_for(world.users["district"])
    rows = client.get(reverse("branches:transfer_list"), {"state": "accepted"}).context["rows"]
    assert [t.pk for t in rows] == [accepted.pk]
    page = client_for(world.users["officer_b"]).get(
        reverse("branches:worker_detail", args=[world.worker_a1.pk])
    )
    assert "worker-transfer-table" in page.content.decode() and "已接收" in page.content.decode()
