"""The veto flags the federation sets on an enterprise (abnormal petitions, union funds withheld).

Only the federation's reviewer sets and clears them, always with a reason, and each change is
audited; the enterprise cannot clear its own veto, it contests it on its assessment with a reason,
which the reviewer sees beside the veto (docs/PERMISSIONS.md, "Assessment").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.exceptions import AssessmentError, Conflict, PermissionRefused
from assessment.models import VetoContest
from branches import services as branch_services
from branches.exceptions import FundsError
from branches.facts import Fact
from branches.models import FundsRemittance
from democracy import services as democracy_services
from democracy.exceptions import DemocracyError
from democracy.models import Petition
from tests.assessment.conftest import home_spec
from unionhome.models import AuditEvent


@pytest.fixture
def petition(world):
    p = democracy_services.petition_record(
        actor=world.users["officer"], enterprise=world.ent_a, kind="visit",
        received_on=dt.date(2026, 5, 1), petitioner="20人", subject="欠薪",
    )  # fmt: skip
    return democracy_services.petition_flag(
        actor=world.users["district"], petition=p, abnormal=True, reason="越级上访"
    )


@pytest.fixture
def withheld(world):
    r = FundsRemittance.objects.create(
        branch=world.ent_a, year=2026, amount_due=Decimal("1000.00"), due_on=dt.date(2026, 6, 30)
    )
    return branch_services.remittance_set_withheld(
        actor=world.users["district"], remittance=r, withheld=True, reason="未上解"
    )


@pytest.mark.parametrize("role", ["officer", "branch", "officer_b"])
def test_the_enterprise_cannot_clear_its_own_abnormal_petition_flag(world, petition, role):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused):
        democracy_services.petition_flag(
            actor=world.users[role], petition=petition, abnormal=False, reason="已处理"
        )
    assert Petition.objects.get(pk=petition.pk).abnormal
    assert AuditEvent.objects.count() == events


def test_the_enterprise_cannot_set_the_flag_either(world):
    p = democracy_services.petition_record(
        actor=world.users["officer"], enterprise=world.ent_a, kind="visit",
        received_on=dt.date(2026, 5, 1), petitioner="20人", subject="欠薪",
    )  # fmt: skip
    with pytest.raises(PermissionRefused):
        democracy_services.petition_flag(actor=world.users["officer"], petition=p, abnormal=True, reason="x")
    assert not Petition.objects.get(pk=p.pk).abnormal


def test_the_federation_clears_the_petition_flag_only_with_a_reason_and_it_is_audited(world, petition):
    district = world.users["district"]
    with pytest.raises(DemocracyError) as exc:
        democracy_services.petition_flag(actor=district, petition=petition, abnormal=False, reason=" ")
    assert exc.value.code == "reason"
    assert Petition.objects.get(pk=petition.pk).abnormal
    democracy_services.petition_flag(actor=district, petition=petition, abnormal=False, reason="复查非越级")
    cleared = Petition.objects.get(pk=petition.pk)
    assert not cleared.abnormal and cleared.flag_reason == "复查非越级"
    event = AuditEvent.objects.filter(action="petition.flag", object_id=str(petition.pk)).latest("id")
    assert event.actor == district and event.before["abnormal"] is True and event.after["abnormal"] is False


@pytest.mark.parametrize("role", ["officer", "branch", "officer_b"])
def test_the_enterprise_cannot_clear_its_own_funds_withheld_flag(world, withheld, role):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionRefused):
        branch_services.remittance_set_withheld(
            actor=world.users[role], remittance=withheld, withheld=False, reason="已补缴"
        )
    assert FundsRemittance.objects.get(pk=withheld.pk).withheld
    assert AuditEvent.objects.count() == events


def test_the_federation_clears_the_withheld_flag_only_with_a_reason_and_it_is_audited(world, withheld):
    district = world.users["district"]
    with pytest.raises(FundsError) as exc:
        branch_services.remittance_set_withheld(
            actor=district, remittance=withheld, withheld=False, reason=""
        )
    assert exc.value.code == "reason"
    assert FundsRemittance.objects.get(pk=withheld.pk).withheld
    branch_services.remittance_set_withheld(
        actor=district, remittance=withheld, withheld=False, reason="已补缴"
    )
    assert not FundsRemittance.objects.get(pk=withheld.pk).withheld
    event = AuditEvent.objects.filter(action="funds.withheld", object_id=str(withheld.pk)).latest("id")
    assert event.actor == district and event.before["withheld"] is True and event.after["withheld"] is False
    assert "reason" in event.after


def test_the_withheld_flag_page_is_the_federations(world, withheld, client_for):
    url = reverse("branches:remittance_withheld", args=[withheld.pk])
    assert client_for(world.users["officer"]).post(url, {"reason": "已补缴"}).status_code == 403
    assert FundsRemittance.objects.get(pk=withheld.pk).withheld


# --- the enterprise contests the veto on its assessment -----------------------------------------


@pytest.fixture
def vetoed(world, fake_facts, make_assessment):
    spec = home_spec(vetoes=[{"text": "发生非正常集体上访或越级上访事件", "indicator": "abnormal_petitions"}])
    standard = services.standard_save(actor=world.users["district"], spec=spec)
    fake_facts["A"] = {"abnormal_petitions": Fact(1, "1 件", "来信来访")}
    a = make_assessment(world.ent_a, standard, kind="annual", number=1, state="self_scored")
    return a, standard.veto_rules.get()


def test_the_enterprise_contests_a_veto_with_a_reason_and_the_reviewer_sees_it(world, vetoed, client_for):
    a, rule = vetoed
    officer = world.users["officer"]
    with pytest.raises(AssessmentError) as exc:
        services.veto_contest(actor=officer, assessment=a, veto_rule=rule, reason="  ")
    assert exc.value.code == "reason" and not VetoContest.objects.exists()
    contest = services.veto_contest(
        actor=officer, assessment=a, veto_rule=rule, reason="该上访已查明非本企业职工"
    )
    assert contest.contested_by == officer
    assert AuditEvent.objects.filter(action="assessment.veto_contest", object_id=str(a.pk)).count() == 1
    with pytest.raises(Conflict):
        services.veto_contest(actor=officer, assessment=a, veto_rule=rule, reason="再次")
    assert VetoContest.objects.count() == 1
    page = client_for(world.users["district"]).get(a.get_absolute_url()).content.decode()
    assert "该上访已查明非本企业职工" in page and "veto-contest" in page


@pytest.mark.parametrize("role", ["district", "branch", "officer_b"])
def test_only_the_unit_contests_its_veto(world, vetoed, role):
    a, rule = vetoed
    with pytest.raises(PermissionRefused):
        services.veto_contest(actor=world.users[role], assessment=a, veto_rule=rule, reason="异议")
    assert not VetoContest.objects.exists()


def test_a_veto_that_does_not_apply_cannot_be_contested(world, vetoed, fake_facts):
    a, rule = vetoed
    fake_facts["A"] = {"abnormal_petitions": Fact(0, "", "来信来访")}
    with pytest.raises(AssessmentError) as exc:
        services.veto_contest(actor=world.users["officer"], assessment=a, veto_rule=rule, reason="异议")
    assert exc.value.code == "not_vetoed" and not VetoContest.objects.exists()


def test_the_contest_form_is_on_the_units_page_not_the_reviewers(world, vetoed, client_for):
    a, _rule = vetoed
    contest_url = reverse("assessment:veto_contest", args=[a.pk, _rule.pk])
    assert contest_url in client_for(world.users["officer"]).get(a.get_absolute_url()).content.decode()
    assert contest_url not in client_for(world.users["district"]).get(a.get_absolute_url()).content.decode()
