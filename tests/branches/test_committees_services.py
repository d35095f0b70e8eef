"""Writes of committees, terms, seats, posts, leadership group and funds: rules, refusals, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from branches import services
from branches.exceptions import CommitteeError, Conflict, FundsError
from branches.models import (
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    Term,
    WorkshopPost,
)
from tests.factories import WorkerFactory
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent

D = dt.date


def _state():
    """Everything these services write, to show that a refusal changed nothing."""
    return (
        list(Committee.objects.values_list("id", "kind")),
        list(Term.objects.values_list("id", "start", "end", "elected_on")),
        list(CommitteeSeat.objects.values_list("id", "end")),
        list(WorkshopPost.objects.values_list("id", "holder_id")),
        list(LeadershipGroup.objects.values_list("id", "name")),
        list(LeadershipMember.objects.values_list("id", "role")),
        list(FundsRemittance.objects.values_list("id", "withheld", "withheld_reason")),
        list(FundsPayment.objects.values_list("id", "confirmed_at")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def committee(world):
    return services.committee_create(actor=world.users["officer"], branch=world.ent_a, kind="union")


@pytest.fixture
def term(world, committee):
    return services.term_create(actor=world.users["officer"], committee=committee, elected_on=D(2024, 6, 1))


def test_an_election_records_a_numbered_term_of_the_default_length_and_audits_it(world, committee):
    term = services.term_create(actor=world.users["officer"], committee=committee, elected_on=D(2024, 6, 1))
    assert (term.number, term.start, term.end) == (1, D(2024, 6, 1), D(2029, 5, 31))
    nxt = services.term_create(actor=world.users["officer"], committee=committee, elected_on=D(2029, 6, 1))
    assert nxt.number == 2
    event = AuditEvent.objects.filter(action="term.create").latest("id")
    assert event.branch_path == world.ent_a.path and event.after["number"] == 2


def test_the_term_length_comes_from_settings(world, committee, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "COMMITTEE_TERM_YEARS": 3}
    term = services.term_create(actor=world.users["officer"], committee=committee, elected_on=D(2024, 6, 1))
    assert term.end == D(2027, 5, 31)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2029, 5, 31), D(2034, 5, 30)),  # shares the last day
        (D(2020, 1, 1), D(2024, 6, 1)),  # shares the first day
        (D(2025, 1, 1), D(2026, 1, 1)),  # inside
        (D(2020, 1, 1), D(2035, 1, 1)),  # around
    ],
)
def test_an_overlapping_term_of_the_same_committee_is_refused_and_nothing_changes(world, term, start, end):
    before = _state()
    with pytest.raises(CommitteeError) as exc:
        services.term_create(
            actor=world.users["officer"], committee=term.committee, elected_on=start, start=start, end=end
        )
    assert exc.value.code == "overlap"
    assert _state() == before


def test_terms_of_different_committees_may_run_at_the_same_time(world, term):
    other = services.committee_create(actor=world.users["officer"], branch=world.ent_a, kind="funds_review")
    services.term_create(actor=world.users["officer"], committee=other, elected_on=D(2024, 6, 1))
    assert Term.objects.count() == 2


def test_editing_a_term_into_another_is_refused(world, term):
    nxt = services.term_create(
        actor=world.users["officer"], committee=term.committee, elected_on=D(2029, 6, 1)
    )
    before = _state()
    with pytest.raises(CommitteeError):
        services.term_update(
            actor=world.users["officer"],
            term=nxt,
            elected_on=D(2029, 5, 1),
            start=D(2029, 5, 1),
            end=D(2034, 5, 31),
        )
    assert _state() == before
    services.term_update(
        actor=world.users["officer"],
        term=term,
        elected_on=D(2024, 6, 1),
        start=D(2024, 6, 1),
        end=D(2028, 12, 31),
    )
    term.refresh_from_db()
    assert term.end == D(2028, 12, 31)
    assert AuditEvent.objects.filter(action="term.update").count() == 1


def test_a_term_ending_before_it_starts_is_refused(world, committee):
    before = _state()
    with pytest.raises(CommitteeError):
        services.term_create(
            actor=world.users["officer"], committee=committee, elected_on=D(2024, 6, 1), end=D(2024, 6, 1)
        )
    assert _state() == before


def test_a_worker_of_the_unit_or_below_takes_a_seat(world, term):
    seat = services.seat_create(
        actor=world.users["officer"], term=term, worker=world.worker_a1, position="chair"
    )
    assert seat.start == term.start
    assert AuditEvent.objects.filter(action="seat.create", object_id=str(seat.pk)).exists()


@pytest.mark.parametrize("who", ["worker_b1", "worker_a2"])
def test_a_seat_for_a_worker_of_another_unit_is_refused_and_nothing_changes(world, who):
    committee = services.committee_create(actor=world.users["officer"], branch=world.branch_a1, kind="union")
    term = services.term_create(actor=world.users["officer"], committee=committee, elected_on=D(2024, 6, 1))
    before = _state()
    with pytest.raises(CommitteeError) as exc:
        services.seat_create(
            actor=world.users["officer"], term=term, worker=getattr(world, who), position="member"
        )
    assert exc.value.code == "other_unit"
    assert _state() == before


def test_a_worker_who_left_cannot_take_a_seat(world, term):
    gone = WorkerFactory(branch=world.branch_a1, status="left", left_on=D(2025, 1, 1))
    with pytest.raises(CommitteeError):
        services.seat_create(actor=world.users["officer"], term=term, worker=gone, position="member")
    assert not CommitteeSeat.objects.exists()


def test_a_committee_has_one_chair_at_a_time_and_a_worker_one_seat(world, term):
    services.seat_create(actor=world.users["officer"], term=term, worker=world.worker_a1, position="chair")
    other = WorkerFactory(branch=world.branch_a2)
    before = _state()
    with pytest.raises(CommitteeError) as exc:
        services.seat_create(actor=world.users["officer"], term=term, worker=other, position="chair")
    assert exc.value.code == "head_taken"
    with pytest.raises(CommitteeError) as exc:
        services.seat_create(
            actor=world.users["officer"], term=term, worker=world.worker_a1, position="member"
        )
    assert exc.value.code == "seated"
    assert _state() == before


def test_ending_a_seat_frees_the_position_and_a_second_end_is_refused(world, term):
    seat = services.seat_create(
        actor=world.users["officer"], term=term, worker=world.worker_a1, position="chair"
    )
    services.seat_end(actor=world.users["officer"], seat=seat, end=D(2025, 1, 1))
    with pytest.raises(Conflict):
        services.seat_end(actor=world.users["officer"], seat=seat, end=D(2025, 2, 1))
    other = WorkerFactory(branch=world.branch_a2)
    services.seat_create(
        actor=world.users["officer"], term=term, worker=other, position="chair", start=D(2025, 1, 2)
    )
    assert CommitteeSeat.objects.filter(term=term, position="chair").count() == 2


@pytest.mark.parametrize(
    ("role", "error"), [("district", PermissionRefused), ("officer_b", PermissionRefused)]
)
def test_committees_are_written_only_by_officers_of_the_unit(world, role, error):
    before = _state()
    with pytest.raises(error):
        services.committee_create(actor=world.users[role], branch=world.ent_a, kind="union")
    assert _state() == before


def test_a_branch_officer_manages_their_own_branch_but_not_the_enterprise(world):
    officer = world.users["branch"]
    services.committee_create(actor=officer, branch=world.branch_a1, kind="union")
    with pytest.raises(PermissionRefused):
        services.committee_create(actor=officer, branch=world.ent_a, kind="union")
    with pytest.raises(PermissionRefused):
        services.committee_create(actor=officer, branch=world.branch_a2, kind="union")
    assert Committee.objects.count() == 1


def test_a_unit_has_one_committee_of_each_kind(world, committee):
    before = _state()
    with pytest.raises(CommitteeError):
        services.committee_create(actor=world.users["officer"], branch=world.ent_a, kind="union")
    assert _state() == before


def test_workshop_posts_are_set_up_vacant_once_and_filled_by_workers_of_the_workshop(world):
    posts = services.posts_establish(actor=world.users["branch"], branch=world.branch_a1)
    assert len(posts) == 8 and all(p.is_vacant for p in posts)
    assert services.posts_establish(actor=world.users["branch"], branch=world.branch_a1) == []
    assert AuditEvent.objects.filter(action="workshop_post.create").count() == 8
    post = posts[0]
    in_group = WorkerFactory(branch=world.group_a1)
    services.post_assign(actor=world.users["branch"], post=post, holder=in_group, since=D(2025, 3, 1))
    post.refresh_from_db()
    assert (post.holder_id, post.since) == (in_group.pk, D(2025, 3, 1))
    before = _state()
    with pytest.raises(CommitteeError):
        services.post_assign(actor=world.users["branch"], post=post, holder=world.worker_a2)
    assert _state() == before
    services.post_assign(actor=world.users["branch"], post=post, holder=None)
    post.refresh_from_db()
    assert post.is_vacant and post.since is None


def test_workshop_posts_belong_to_branch_unions(world):
    with pytest.raises(CommitteeError):
        services.posts_establish(actor=world.users["officer"], branch=world.ent_a)
    assert not WorkshopPost.objects.exists()


def test_a_unit_has_one_leadership_group_which_is_updated_in_place(world):
    officer = world.users["officer"]
    group = services.leadership_save(
        actor=officer, branch=world.ent_a, name="建家领导小组", established_on=D(2025, 1, 1)
    )
    again = services.leadership_save(
        actor=officer,
        branch=world.ent_a,
        name="建家领导小组",
        established_on=D(2025, 1, 1),
        office="设在工会",
    )
    assert again.pk == group.pk and LeadershipGroup.objects.count() == 1
    assert list(
        AuditEvent.objects.filter(object_type="branches.leadershipgroup").values_list("action", flat=True)
    ) == [
        "leadership.update",
        "leadership.create",
    ]
    services.leadership_member_add(actor=officer, group=group, worker=world.worker_a1, role="leader")
    before = _state()
    with pytest.raises(CommitteeError):
        services.leadership_member_add(actor=officer, group=group, worker=world.worker_a2, role="leader")
    with pytest.raises(CommitteeError):
        services.leadership_member_add(actor=officer, group=group, worker=world.worker_b1, role="member")
    with pytest.raises(PermissionRefused):
        services.leadership_member_add(
            actor=world.users["district"], group=group, worker=world.worker_a2, role="member"
        )
    assert _state() == before


def _remittance(world, due=Decimal("1000.00")):
    return services.remittance_create(
        actor=world.users["officer"], branch=world.ent_a, year=2026, amount_due=due, due_on=D(2026, 6, 30)
    )


def test_union_funds_are_recorded_by_the_enterprise_officer_and_confirmed_by_the_district(world):
    remittance = _remittance(world)
    payment = services.payment_create(
        actor=world.users["officer"], remittance=remittance, amount=Decimal("1000.00"), paid_on=D(2026, 6, 1)
    )
    services.payment_confirm(actor=world.users["district"], payment=payment)
    payment.refresh_from_db()
    assert payment.confirmed_by == world.users["district"] and payment.confirmed_at is not None
    with pytest.raises(Conflict):
        services.payment_confirm(actor=world.users["district"], payment=payment)
    assert AuditEvent.objects.filter(action="funds.confirm").count() == 1


@pytest.mark.parametrize("role", ["branch", "district", "officer_b"])
def test_only_the_enterprise_officer_records_funds(world, role):
    before = _state()
    with pytest.raises(PermissionRefused):
        services.remittance_create(
            actor=world.users[role],
            branch=world.ent_a,
            year=2026,
            amount_due=Decimal(1),
            due_on=D(2026, 6, 30),
        )
    assert _state() == before


def test_the_officer_cannot_confirm_receipt_of_their_own_payment(world):
    remittance = _remittance(world)
    payment = services.payment_create(
        actor=world.users["officer"], remittance=remittance, amount=Decimal("10"), paid_on=D(2026, 6, 1)
    )
    before = _state()
    with pytest.raises(PermissionRefused):
        services.payment_confirm(actor=world.users["officer"], payment=payment)
    assert _state() == before


def test_funds_are_recorded_once_a_year_and_for_enterprises_only(world):
    _remittance(world)
    before = _state()
    with pytest.raises(FundsError):
        _remittance(world)
    with pytest.raises(FundsError):
        services.remittance_create(
            actor=world.users["officer"],
            branch=world.branch_a1,
            year=2026,
            amount_due=Decimal(1),
            due_on=D(2026, 6, 30),
        )
    assert _state() == before


def test_a_payment_cannot_be_dated_in_the_future_or_be_zero(world):
    remittance = _remittance(world)
    before = _state()
    with pytest.raises(FundsError):
        services.payment_create(
            actor=world.users["officer"],
            remittance=remittance,
            amount=Decimal("1"),
            paid_on=timezone.localdate() + dt.timedelta(days=1),
        )
    with pytest.raises(FundsError):
        services.payment_create(
            actor=world.users["officer"], remittance=remittance, amount=Decimal(0), paid_on=D(2026, 1, 1)
        )
    assert _state() == before


def test_withholding_needs_a_reason_and_may_be_flagged_by_the_district(world):
    remittance = _remittance(world)
    before = _state()
    with pytest.raises(FundsError):
        services.remittance_set_withheld(
            actor=world.users["district"], remittance=remittance, withheld=True, reason=" "
        )
    with pytest.raises(PermissionRefused):
        services.remittance_set_withheld(
            actor=world.users["branch"], remittance=remittance, withheld=True, reason="x"
        )
    assert _state() == before
    services.remittance_set_withheld(
        actor=world.users["district"], remittance=remittance, withheld=True, reason="挪作他用"
    )
    remittance.refresh_from_db()
    assert remittance.withheld and remittance.withheld_reason == "挪作他用"
    # a veto fact of the assessment: the enterprise does not clear it, the federation does, with a reason
    with pytest.raises(PermissionRefused):
        services.remittance_set_withheld(
            actor=world.users["officer"], remittance=remittance, withheld=False, reason="已补缴"
        )
    with pytest.raises(FundsError):
        services.remittance_set_withheld(actor=world.users["district"], remittance=remittance, withheld=False)
    remittance.refresh_from_db()
    assert remittance.withheld and AuditEvent.objects.filter(action="funds.withheld").count() == 1
    services.remittance_set_withheld(
        actor=world.users["district"], remittance=remittance, withheld=False, reason="已补缴"
    )
    remittance.refresh_from_db()
    assert not remittance.withheld and remittance.withheld_reason == ""
    assert AuditEvent.objects.filter(action="funds.withheld").count() == 2


def test_the_database_refuses_a_withheld_flag_without_a_reason(world):
    remittance = _remittance(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        FundsRemittance.objects.filter(pk=remittance.pk).update(withheld=True, withheld_reason="")


@pytest.mark.postgres
def test_postgresql_refuses_overlapping_terms_written_past_the_service(world, term):
    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            committee=term.committee,
            number=2,
            elected_on=D(2029, 5, 31),
            start=D(2029, 5, 31),
            end=D(2034, 5, 30),
        )
    Term.objects.create(
        committee=term.committee, number=2, elected_on=D(2029, 6, 1), start=D(2029, 6, 1), end=D(2034, 5, 31)
    )
