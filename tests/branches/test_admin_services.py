"""The organisation app's admin is a client of its services: every save through the admin writes the
audit trail by the service of its use case, or is refused (nothing written)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from branches import services
from branches.models import (
    Appointment,
    Branch,
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    MembershipTransfer,
    RosterJob,
    Term,
    TransferTransition,
    Worker,
    WorkshopPost,
)
from tests.admin_forms import admin_form_data
from tests.factories import id_number
from unionhome.models import AuditEvent

pytestmark = pytest.mark.usefixtures("chinese")
TODAY = dt.date.today()
ID_NUMBER = id_number(499, "M", dt.date(1990, 3, 7))


@pytest.fixture
def admin_user(world):
    return world.users["admin"]


@pytest.fixture
def site(admin_user, client_for):
    return client_for(admin_user)


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:branches_{model._meta.model_name}_{view}", args=args)


def _post_add(site, model, **fields):
    page = site.get(_url(model, "add"))
    assert page.status_code == 200
    return site.post(_url(model, "add"), admin_form_data(page, **fields))


def _post_change(site, obj, **fields):
    page = site.get(_url(type(obj), "change", obj.pk))
    assert page.status_code == 200
    return site.post(_url(type(obj), "change", obj.pk), admin_form_data(page, **fields))


def _events(action: str, obj=None):
    events = AuditEvent.objects.filter(action=action)
    return events.filter(object_id=str(obj.pk)) if obj is not None else events


def _saved(response) -> None:
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""


# --- the roster and appointments --------------------------------------------------------------


def test_adding_and_editing_a_worker_in_the_admin_goes_through_the_roster_services(world, site, admin_user):
    _saved(
        _post_add(
            site,
            Worker,
            name="赵六",
            gender="M",
            id_number=ID_NUMBER,
            branch=world.branch_a1,
            employment_type="regular",
            status="active",
            membership_status="normal",
        )
    )
    worker = Worker.objects.get(name="赵六")
    assert _events("worker.create", worker).get().actor == admin_user
    _saved(_post_change(site, worker, phone="13800138000"))
    assert Worker.objects.get(pk=worker.pk).phone == "13800138000"
    assert _events("worker.update", worker).count() == 1


def test_a_worker_refused_by_the_service_is_not_written_and_the_admin_says_why(world, site):
    before = Worker.objects.count()
    response = _post_add(
        site,
        Worker,
        name="赵六",
        gender="F",  # the ID number says male
        id_number=ID_NUMBER,
        branch=world.branch_a1,
        employment_type="regular",
        status="active",
        membership_status="normal",
    )
    assert response.status_code == 302
    assert "性别与身份证号不符。" in site.get(response["Location"]).content.decode()
    assert Worker.objects.count() == before and not _events("worker.create").exists()


def test_workers_are_never_deleted_in_the_admin(world, site):
    response = site.post(_url(Worker, "delete", world.worker_a1.pk), {"post": "yes"})
    assert response.status_code == 403 and Worker.objects.filter(pk=world.worker_a1.pk).exists()


def test_appointments_are_made_ended_and_granted_through_their_services(world, site, admin_user):
    new_user = world.users["worker"]
    _saved(
        _post_add(
            site,
            Appointment,
            user=new_user,
            branch=world.ent_b,
            role="union_officer",
            start=TODAY,
        )
    )
    appointment = Appointment.objects.get(user=new_user)
    assert _events("appointment.create", appointment).get().actor == admin_user
    _saved(_post_change(site, appointment, full_id_access=True))
    assert Appointment.objects.get(pk=appointment.pk).full_id_access
    assert _events("appointment.grant_full_ids", appointment).count() == 1
    _saved(_post_change(site, appointment, full_id_access=False, end=TODAY))
    appointment.refresh_from_db()
    assert not appointment.full_id_access and appointment.end == TODAY
    assert _events("appointment.withdraw_full_ids", appointment).count() == 1
    assert _events("appointment.end", appointment).count() == 1
    assert site.post(_url(Appointment, "delete", appointment.pk), {"post": "yes"}).status_code == 403


def test_the_appointment_actions_end_and_grant_through_the_services(world, site):
    appointment = Appointment.objects.get(user=world.users["officer"])
    site.post(
        _url(Appointment, "changelist"), {"action": "grant_full_ids", "_selected_action": [appointment.pk]}
    )
    assert Appointment.objects.get(pk=appointment.pk).full_id_access
    site.post(
        _url(Appointment, "changelist"), {"action": "end_appointments", "_selected_action": [appointment.pk]}
    )
    assert Appointment.objects.get(pk=appointment.pk).end == TODAY
    assert {e.action for e in AuditEvent.objects.filter(object_id=str(appointment.pk))} >= {
        "appointment.grant_full_ids",
        "appointment.end",
    }


def test_a_full_id_grant_to_a_branch_officer_is_refused_and_nothing_changes(world, site):
    appointment = Appointment.objects.get(user=world.users["branch"])
    response = _post_change(site, appointment, full_id_access=True)
    assert response.status_code == 302
    assert "仅可授予企业工会干部" in site.get(response["Location"]).content.decode()
    assert not Appointment.objects.get(pk=appointment.pk).full_id_access
    assert not AuditEvent.objects.filter(action__startswith="appointment").exists()


def test_a_staff_officer_may_not_appoint_anyone_in_the_admin(world, client_for):
    officer = world.users["officer"]
    officer.is_staff = True
    officer.save()
    officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_appointment", "add_appointment", "change_appointment"])
    )
    client = client_for(officer)
    page = client.get(_url(Appointment, "add"))
    data = admin_form_data(page, user=world.users["worker"], branch=world.branch_a1, role="branch_officer")
    data["start"] = str(TODAY)
    assert client.post(_url(Appointment, "add"), data).status_code == 403
    assert not Appointment.objects.filter(user=world.users["worker"]).exists()
    assert not AuditEvent.objects.filter(action__startswith="appointment").exists()


# --- committees, posts, leadership group, funds --------------------------------------------------


def test_committees_terms_and_seats_are_recorded_through_their_services(world, site):
    _saved(_post_add(site, Committee, branch=world.branch_a1, kind="union", established_on="2024-01-01"))
    committee = Committee.objects.get(branch=world.branch_a1)
    assert _events("committee.create", committee).count() == 1
    assert site.post(_url(Committee, "change", committee.pk), {}).status_code == 403
    _saved(
        _post_add(
            site,
            Term,
            committee=committee,
            number=1,
            elected_on="2024-01-01",
            start="2024-01-01",
            end="2028-12-31",
        )
    )
    term = Term.objects.get(committee=committee)
    assert _events("term.create", term).count() == 1
    _saved(_post_change(site, term, end="2028-06-30"))
    assert Term.objects.get(pk=term.pk).end == dt.date(2028, 6, 30)
    assert _events("term.update", term).count() == 1
    _saved(
        _post_add(
            site, CommitteeSeat, term=term, worker=world.worker_a1, position="member", start="2024-02-01"
        )
    )
    seat = CommitteeSeat.objects.get(term=term)
    assert _events("seat.create", seat).count() == 1
    _saved(_post_change(site, seat, end="2025-01-31"))
    assert CommitteeSeat.objects.get(pk=seat.pk).end == dt.date(2025, 1, 31)
    assert _events("seat.end", seat).count() == 1


def test_workshop_posts_are_filled_through_the_service_and_not_added_in_the_admin(world, site, admin_user):
    (post, *_rest) = services.posts_establish(actor=admin_user, branch=world.branch_a1)
    assert site.get(_url(WorkshopPost, "add")).status_code == 403
    _saved(_post_change(site, post, holder=world.worker_a1, since="2025-01-01"))
    assert WorkshopPost.objects.get(pk=post.pk).holder == world.worker_a1
    assert _events("workshop_post.assign", post).count() == 1


def test_the_leadership_group_and_its_members_go_through_their_services(world, site):
    _saved(
        _post_add(
            site, LeadershipGroup, branch=world.branch_a1, name="建家领导小组", established_on="2024-01-01"
        )
    )
    group = LeadershipGroup.objects.get(branch=world.branch_a1)
    assert _events("leadership.create", group).count() == 1
    _saved(_post_change(site, group, office="工会办公室"))
    assert _events("leadership.update", group).count() == 1
    _saved(_post_add(site, LeadershipMember, group=group, worker=world.worker_a1, role="member"))
    member = LeadershipMember.objects.get(group=group)
    assert _events("leadership.member_add", member).count() == 1
    response = site.post(_url(LeadershipMember, "delete", member.pk), {"post": "yes"})
    assert response.status_code == 302 and not LeadershipMember.objects.exists()
    assert _events("leadership.member_remove").count() == 1


def test_union_funds_and_payments_go_through_their_services(world, site):
    _saved(
        _post_add(
            site, FundsRemittance, branch=world.ent_a, year=2026, amount_due="1000.00", due_on="2026-06-30"
        )
    )
    remittance = FundsRemittance.objects.get(branch=world.ent_a)
    assert _events("funds.create", remittance).count() == 1
    _saved(_post_change(site, remittance, withheld=True, withheld_reason="未按时上解"))
    assert FundsRemittance.objects.get(pk=remittance.pk).withheld
    assert _events("funds.withheld", remittance).count() == 1
    _saved(_post_add(site, FundsPayment, remittance=remittance, amount="500.00", paid_on=str(TODAY)))
    payment = FundsPayment.objects.get(remittance=remittance)
    assert payment.amount == Decimal("500.00") and _events("funds.payment", payment).count() == 1
    assert site.post(_url(FundsPayment, "change", payment.pk), {}).status_code == 403
    site.post(
        _url(FundsPayment, "changelist"), {"action": "confirm_receipt", "_selected_action": [payment.pk]}
    )
    assert FundsPayment.objects.get(pk=payment.pk).confirmed_at is not None
    assert _events("funds.confirm", payment).count() == 1


def test_a_withheld_flag_without_a_reason_is_refused_and_nothing_changes(world, site, admin_user):
    remittance = services.remittance_create(
        actor=admin_user, branch=world.ent_a, year=2026, amount_due=Decimal("10"), due_on=dt.date(2026, 6, 30)
    )
    response = _post_change(site, remittance, withheld=True, withheld_reason="")
    assert response.status_code == 200 and response.context["adminform"].form.errors  # shown on the form
    assert not FundsRemittance.objects.get(pk=remittance.pk).withheld
    assert not _events("funds.withheld").exists()


# --- read-only admins -------------------------------------------------------------------------


def _transfer(world):
    return services.transfer_start(
        actor=world.users["officer"], worker=world.worker_a1, to_unit=world.ent_b, reason="调动"
    )


@pytest.mark.parametrize("model", [Branch, MembershipTransfer, TransferTransition, RosterJob])
def test_workflow_rows_and_the_tree_are_read_only_in_the_admin(world, site, model):
    obj = {
        Branch: lambda: world.branch_a1,
        MembershipTransfer: lambda: _transfer(world),
        TransferTransition: lambda: _transfer(world).transitions.get(),
        RosterJob: lambda: RosterJob.objects.create(kind="export", created_by=world.users["officer"]),
    }[model]()
    events = AuditEvent.objects.count()
    assert site.post(_url(model, "add"), {}).status_code == 403
    assert site.post(_url(model, "change", obj.pk), {}).status_code == 403
    assert site.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert site.get(_url(model, "change", obj.pk)).status_code == 200  # administrators still read them
    assert AuditEvent.objects.count() == events and model.objects.filter(pk=obj.pk).exists()
