import datetime as dt

import pytest
from django.urls import reverse

from democracy import services
from democracy.models import Contract, Disclosure, LowerMeeting, Petition, Session, Term
from tests.democracy.conftest import make_session, make_term

pytestmark = pytest.mark.django_db


def test_officer_creates_a_term_and_a_session_and_bad_input_is_shown(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(
        reverse("democracy:term_create"),
        {"enterprise": world.ent_a.pk, "number": 4, "elected_on": "2026-01-10"},
    )
    term = Term.objects.get()
    assert response.status_code == 302 and term.number == 4
    response = client.post(
        reverse("democracy:term_create"), {"enterprise": world.ent_b.pk, "number": 1, "elected_on": "x"}
    )
    assert response.status_code == 200 and Term.objects.count() == 1  # B not offered, bad date
    client.post(reverse("democracy:session_create"), {"term": term.pk, "number": 1, "held_on": "2026-03-20", "place": "礼堂",
                                                      "secret_ballot": "on"})  # fmt: skip
    assert Session.objects.get().place == "礼堂"


def test_contract_form_rejects_an_end_before_the_start(world, client_for):
    client = client_for(world.users["officer"])
    data = {"enterprise": world.ent_a.pk, "kind": "collective", "title": "集体合同", "parties": "双方", "signed_on": "2026-01-01",
            "starts_on": "2026-01-01", "ends_on": "2025-01-01", "clauses": "一\n二"}  # fmt: skip
    response = client.post(reverse("democracy:contract_create"), data)
    assert "合同终止日期须晚于生效日期" in response.content.decode() and not Contract.objects.exists()
    response = client.post(reverse("democracy:contract_create"), {**data, "ends_on": "2028-12-31"})
    contract = Contract.objects.get()
    assert list(contract.clauses.values_list("text", flat=True)) == ["一", "二"]
    clauses = list(contract.clauses.all())
    check = {"year": 2026, "checked_on": "2026-11-01"} | {f"result_{c.pk}": "fulfilled" for c in clauses}
    client.post(reverse("democracy:contract_check", args=[contract.pk]), check)
    page = client.get(reverse("democracy:contract_detail", args=[contract.pk])).content.decode()
    assert "履约率" in page and contract.checks.count() == 1


def test_district_flags_a_petition_in_the_workspace(world, client_for):
    p = services.petition_record(actor=world.users["officer"], enterprise=world.ent_a, kind="visit",
                                 received_on=dt.date(2026, 5, 1), petitioner="20人", subject="欠薪")  # fmt: skip
    client = client_for(world.users["district"])
    response = client.post(
        reverse("democracy:petition_flag", args=[p.pk]), {"abnormal": "on", "reason": ""}, follow=True
    )
    assert "请填写标记理由" in response.content.decode() and not Petition.objects.get().abnormal
    client.post(reverse("democracy:petition_flag", args=[p.pk]), {"abnormal": "on", "reason": "越级上访"})
    assert Petition.objects.get().abnormal
    page = client.get(reverse("democracy:petition_list")).content.decode()
    assert 'data-abnormal="1"' in page


def test_branch_officer_records_a_meeting_and_publishes_to_own_branch(world, client_for):
    client = client_for(world.users["branch"])
    client.post(reverse("democracy:meeting_create"), {"branch": world.branch_a1.pk, "kind": "workshop", "held_on": "2026-02-10",
                                                      "attendees": 12, "topics": "生产任务"})  # fmt: skip
    assert LowerMeeting.objects.get().branch == world.branch_a1
    response = client.post(reverse("democracy:meeting_create"), {"branch": world.branch_a2.pk, "kind": "workshop",
                                                                 "held_on": "2026-02-10", "attendees": 12, "topics": "x"})  # fmt: skip
    assert response.status_code == 200 and LowerMeeting.objects.count() == 1  # A2 is not offered
    client.post(reverse("democracy:disclosure_create"), {"audience": world.branch_a1.pk, "category": "bonus", "title": "奖金分配",
                                                         "content": "x", "disclosed_on": "2026-03-01"})  # fmt: skip
    item = Disclosure.objects.get()
    client.post(reverse("democracy:disclosure_publish", args=[item.pk]))
    assert Disclosure.objects.get().published


def test_cadence_page_lists_the_missed_quarter(world, client_for):
    services.lower_meeting_record(actor=world.users["branch"], branch=world.branch_a1, kind="workshop",
                                  held_on=dt.date(2026, 2, 1), attendees=5, topics="x")  # fmt: skip
    page = (
        client_for(world.users["officer"]).get(reverse("democracy:cadence") + "?year=2026").content.decode()
    )
    assert "2026Q2" in page and "甲一分会" in page and "本年度未召开职工代表大会" in page


def test_survey_results_page_shows_rates_against_targets(world, client_for):
    from tests.factories import UserFactory, WorkerFactory

    s = services.survey_create(actor=world.users["officer"], enterprise=world.ent_a, year=2026, title="测评")
    for user in [
        world.users["worker"],
        *[UserFactory(worker=WorkerFactory(branch=world.branch_a2)) for _ in range(4)],
    ]:
        services.survey_answer(actor=user, survey=s, knows=False, satisfaction="satisfied")
    url = reverse("democracy:survey_detail", args=[s.pk])
    page = client_for(world.users["district"]).get(url).content.decode()
    assert "测评结束后公布结果" in page and "低于 90.0%" not in page  # open: nothing but who took part
    services.survey_close(actor=world.users["officer"], survey=s)
    page = client_for(world.users["district"]).get(url).content.decode()
    assert (
        "低于 90.0%" in page
        and 'data-chart="survey-rates"' in page
        and 'data-chart="survey-satisfaction"' in page
    )


def test_evaluation_round_results_and_portal_rating(world, client_for):
    from tests.factories import UserFactory

    session = make_session(world)
    r = services.evaluation_create(
        actor=world.users["officer"], session=session, title="评议", leaders=[("王经理", "经理")]
    )
    client = client_for(world.users["officer"])
    client.post(reverse("democracy:evaluation_toggle", args=[r.pk]))
    leader = r.leaders.get()
    worker = client_for(world.users["worker"])
    worker.post(reverse("democracy_portal:evaluation", args=[r.pk]), {f"leader_{leader.pk}": "excellent"})
    assert worker.get(reverse("democracy_portal:home")).content.decode().count("已评议") == 1
    for rep in session.term.representatives.exclude(worker=world.worker_a1)[:4]:
        services.evaluation_rate(
            actor=UserFactory(worker=rep.worker), round=r, grades={leader.pk: "competent"}
        )
    url = reverse("democracy:evaluation_detail", args=[r.pk])
    page = client_for(world.users["officer"]).get(url).content.decode()
    assert "王经理" in page and "本轮结束后公布结果" in page and "evaluation-data" not in page
    client_for(world.users["officer"]).post(reverse("democracy:evaluation_toggle", args=[r.pk]))
    page = client_for(world.users["officer"]).get(url).content.decode()
    assert "1 (20.0%)" in page and "4 (80.0%)" in page and 'id="evaluation-data"' in page


def test_representative_cosigns_from_the_portal(world, client_for):
    term = make_term(world)
    other = term.representatives.exclude(worker=world.worker_a1).first().worker
    from tests.factories import UserFactory

    p = services.proposal_submit(actor=UserFactory(worker=other), kind="proposal", title="提案", content="x")
    client_for(world.users["worker"]).post(reverse("democracy_portal:proposal_cosign", args=[p.pk]))
    assert p.cosigners.filter(worker=world.worker_a1).exists()


def test_branch_officer_sees_the_response_rate_of_own_branch_only(world, client_for):
    s = services.survey_create(actor=world.users["officer"], enterprise=world.ent_a, year=2026, title="测评")
    services.survey_answer(actor=world.users["worker"], survey=s, knows=True, satisfaction="satisfied")
    page = (
        client_for(world.users["branch"])
        .get(reverse("democracy:survey_detail", args=[s.pk]))
        .content.decode()
    )
    table = page[page.index('id="response-by-branch"') :]
    assert "甲一分会" in table and "甲二分会" not in table
    officer_page = (
        client_for(world.users["officer"])
        .get(reverse("democracy:survey_detail", args=[s.pk]))
        .content.decode()
    )
    assert "甲二分会" in officer_page[officer_page.index('id="response-by-branch"') :]


def test_branch_officers_have_no_part_in_leader_evaluation(world, client_for):
    client = client_for(world.users["branch"])
    assert client.get(reverse("democracy:evaluation_list")).status_code == 403
    assert (
        "民主评议"
        not in client.get(reverse("democracy:overview")).content.decode().split("democracy-nav")[1][:2000]
    )
    assert (
        "民主评议" in client_for(world.users["district"]).get(reverse("democracy:overview")).content.decode()
    )
