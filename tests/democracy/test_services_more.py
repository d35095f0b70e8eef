"""Refusals of the remaining services: each leaves nothing behind."""

import datetime as dt

import pytest

from democracy import services
from democracy.exceptions import Conflict, DemocracyError, PermissionRefused
from democracy.models import (
    Contest,
    Contract,
    MediationCase,
    Petition,
    Representative,
    Session,
    Term,
    Training,
)
from tests.democracy.conftest import make_session, make_term
from tests.factories import WorkerFactory
from unionhome.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_term_numbers_are_unique_per_enterprise_and_only_enterprises_hold_terms(world):
    services.term_create(
        actor=world.users["officer"], enterprise=world.ent_a, number=1, elected_on=dt.date(2025, 1, 1)
    )
    with pytest.raises(DemocracyError):
        services.term_create(
            actor=world.users["officer"], enterprise=world.ent_a, number=1, elected_on=dt.date(2025, 1, 1)
        )
    with pytest.raises(DemocracyError):
        services.term_create(
            actor=world.users["officer"], enterprise=world.branch_a1, number=2, elected_on=dt.date(2025, 1, 1)
        )
    with pytest.raises(PermissionRefused):
        services.term_create(
            actor=world.users["officer_b"], enterprise=world.ent_a, number=3, elected_on=dt.date(2025, 1, 1)
        )
    assert Term.objects.count() == 1


def test_representative_comes_from_the_enterprise_roster_once_and_gets_the_branch_as_constituency(world):
    term = services.term_create(
        actor=world.users["officer"], enterprise=world.ent_a, number=1, elected_on=dt.date(2025, 1, 1)
    )
    in_group = WorkerFactory(branch=world.group_a1)
    rep = services.representative_add(actor=world.users["officer"], term=term, worker=in_group, group="一组")
    assert rep.constituency == world.branch_a1
    with pytest.raises(DemocracyError):
        services.representative_add(actor=world.users["officer"], term=term, worker=in_group)
    with pytest.raises(DemocracyError):
        services.representative_add(actor=world.users["officer"], term=term, worker=world.worker_b1)
    left = WorkerFactory(branch=world.branch_a1, status="left", left_on=dt.date(2025, 1, 1))
    with pytest.raises(DemocracyError):
        services.representative_add(actor=world.users["officer"], term=term, worker=left)
    assert Representative.objects.count() == 1


def test_training_attendees_must_belong_to_the_term(world):
    term = make_term(world)
    other = Term.objects.create(enterprise=world.ent_a, number=2, elected_on=dt.date(2026, 1, 1))
    stranger = Representative.objects.create(
        term=other, worker=WorkerFactory(branch=world.branch_a1), constituency=world.branch_a1
    )
    with pytest.raises(DemocracyError):
        services.training_record(actor=world.users["officer"], term=term, held_on=dt.date(2026, 2, 1), topic="培训",
                                 hours=2, attendees=[stranger])  # fmt: skip
    assert not Training.objects.exists()
    t = services.training_record(actor=world.users["officer"], term=term, held_on=dt.date(2026, 2, 1), topic="培训",
                                 hours=2, attendees=list(term.representatives.all()))  # fmt: skip
    assert t.attendees.count() == 6


def test_session_closes_only_when_open_and_without_an_open_vote(world):
    session = make_session(world, portal_voting=True)
    with pytest.raises(Conflict):
        services.session_close(actor=world.users["officer"], session=session)
    Session.objects.filter(pk=session.pk).update(status="open")
    services.resolution_open_voting(actor=world.users["officer"], session=session, title="方案", text="x")
    with pytest.raises(DemocracyError):
        services.session_close(actor=world.users["officer"], session=session, minutes="纪要")
    assert Session.objects.get(pk=session.pk).status == "open"


def test_portal_vote_cannot_be_opened_when_the_congress_votes_by_tellers(world):
    session = make_session(world)
    Session.objects.filter(pk=session.pk).update(status="open")
    with pytest.raises(DemocracyError):
        services.resolution_open_voting(actor=world.users["officer"], session=session, title="方案", text="x")


def test_contract_dates_and_permissions(world):
    kw = {"kind": "collective", "title": "集体合同", "parties": "双方", "signed_on": dt.date(2025, 1, 1)}
    with pytest.raises(DemocracyError):
        services.contract_create(actor=world.users["officer"], enterprise=world.ent_a, starts_on=dt.date(2025, 1, 1),
                                 ends_on=dt.date(2024, 1, 1), **kw)  # fmt: skip
    with pytest.raises(PermissionRefused):
        services.contract_create(actor=world.users["branch"], enterprise=world.ent_a, starts_on=dt.date(2025, 1, 1),
                                 ends_on=dt.date(2027, 1, 1), **kw)  # fmt: skip
    assert not Contract.objects.exists()


def test_mediation_case_needs_the_enterprise_officer(world):
    committee = services.mediation_committee_set(
        actor=world.users["officer"],
        enterprise=world.ent_a,
        chair="梁主任",
        members="5人",
        established_on=dt.date(2020, 1, 1),
    )
    again = services.mediation_committee_set(
        actor=world.users["officer"],
        enterprise=world.ent_a,
        chair="林主任",
        members="5人",
        established_on=dt.date(2020, 1, 1),
    )
    assert again.pk == committee.pk and again.chair == "林主任"
    with pytest.raises(PermissionRefused):
        services.mediation_case_record(actor=world.users["officer_b"], committee=committee, received_on=dt.date(2026, 1, 1),
                                       parties="甲乙", subject="工资", outcome="pending")  # fmt: skip
    assert not MediationCase.objects.exists()


def test_petition_answer_cannot_precede_the_petition(world):
    p = services.petition_record(actor=world.users["officer"], enterprise=world.ent_a, kind="letter",
                                 received_on=dt.date(2026, 5, 1), petitioner="张某", subject="班车")  # fmt: skip
    with pytest.raises(DemocracyError):
        services.petition_answer(actor=world.users["officer"], petition=p, handling="x", result="y",
                                 answered_on=dt.date(2026, 4, 1))  # fmt: skip
    assert Petition.objects.get(pk=p.pk).answered_on is None
    with pytest.raises(PermissionRefused):
        services.petition_answer(actor=world.users["district"], petition=p, handling="x", result="y",
                                 answered_on=dt.date(2026, 5, 2))  # fmt: skip
    services.petition_answer(actor=world.users["officer"], petition=p, handling="转办", result="已解决",
                             answered_on=dt.date(2026, 5, 8))  # fmt: skip
    assert AuditEvent.objects.filter(action="petition.answer").count() == 1


def test_contest_participants_come_from_the_enterprise(world):
    with pytest.raises(DemocracyError):
        services.contest_record(actor=world.users["officer"], enterprise=world.ent_a, kind="skill", title="比武",
                                held_on=dt.date(2026, 6, 1), participants=[world.worker_b1])  # fmt: skip
    assert not Contest.objects.exists()


def test_a_future_meeting_cannot_be_recorded(world):
    with pytest.raises(DemocracyError):
        services.lower_meeting_record(actor=world.users["officer"], branch=world.group_a1, kind="team",
                                      held_on=dt.date(2999, 1, 1), attendees=5, topics="x")  # fmt: skip
