import datetime as dt
import io
import subprocess

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from democracy import services
from democracy.models import Attendance, Disclosure, Proposal, Resolution, Session, Survey, SurveyAnswer
from tests.democracy.conftest import make_session, make_term
from tests.factories import WorkerFactory
from unionhome.models import AccessLog

pytestmark = pytest.mark.django_db


def _open(world, session, present=6):
    reps = list(session.term.representatives.order_by("pk"))
    services.attendance_sign(
        actor=world.users["officer"], session=session,
        marks={r.pk: "present" if i < present else "leave" for i, r in enumerate(reps)},
    )  # fmt: skip


def test_officer_signs_in_representatives_from_the_sheet(world, client_for, session):
    client = client_for(world.users["officer"])
    reps = list(session.term.representatives.order_by("pk"))
    data = {f"rep_{r.pk}": "present" for r in reps[:4]} | {f"rep_{reps[4].pk}": "leave"}
    response = client.post(reverse("democracy:signin", args=[session.pk]), data)
    assert response.status_code == 302
    assert Attendance.objects.filter(session=session, status="present").count() == 4
    page = client.get(reverse("democracy:session_detail", args=[session.pk])).content.decode()
    assert "法定人数已达到" in page or "已达到" in page


def test_opening_without_quorum_shows_the_reason_and_stays_planned(world, client_for, session):
    _open(world, session, present=3)
    client = client_for(world.users["officer"])
    response = client.post(reverse("democracy:session_open", args=[session.pk]), follow=True)
    assert Session.objects.get(pk=session.pk).status == "planned"
    assert "3" in response.content.decode() and "4" in response.content.decode()


def test_officer_records_a_resolution_and_bad_counts_are_refused(world, client_for, session):
    _open(world, session)
    services.session_open(actor=world.users["officer"], session=session)
    client = client_for(world.users["officer"])
    url = reverse("democracy:resolution_add", args=[session.pk])
    client.post(
        url,
        {
            "title": "关于食堂改造的决议",
            "text": "同意",
            "votes_for": 5,
            "votes_against": 1,
            "votes_abstain": 0,
        },
    )
    client.post(url, {"title": "多票", "text": "x", "votes_for": 7, "votes_against": 0, "votes_abstain": 0})
    client.post(url, {"title": "缺票数", "text": "x"})
    assert list(Resolution.objects.values_list("title", "passed")) == [("关于食堂改造的决议", True)]


def test_minutes_pdf_embeds_chinese_text(world, client_for, session, tmp_path):
    _open(world, session)
    services.session_open(actor=world.users["officer"], session=session)
    services.resolution_record(
        actor=world.users["officer"], session=session, title="关于职工福利基金的决议", text="同意方案",
        votes_for=5, votes_against=0, votes_abstain=1,
    )  # fmt: skip
    response = client_for(world.users["branch"]).get(reverse("democracy:minutes_pdf", args=[session.pk]))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于职工福利基金的决议" in text and "职工之家会议室" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts.replace(" ", "").replace("-", "")
    assert AccessLog.objects.filter(kind="download", detail="minutes").exists()


def test_representatives_export_is_excel_with_safe_cells(world, client_for, term):
    term.representatives.filter(worker=world.worker_a1).update(group="=HYPERLINK(1)")
    response = client_for(world.users["officer"]).get(
        reverse("democracy:representatives_export", args=[term.pk])
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "姓名"
    assert ("张三" in [r[0] for r in rows]) and "'=HYPERLINK(1)" in [r[4] for r in rows]
    assert AccessLog.objects.filter(kind="export").exists()


def test_proposal_export_lists_overdue(world, client_for):
    make_term(world)
    Proposal.objects.create(
        enterprise=world.ent_a, branch=world.branch_a1, kind="proposal", proposer=world.worker_a1, title="班车",
        content="x", state="assigned", department="后勤", due_date=dt.date(2020, 1, 1), ever_accepted=True,
    )  # fmt: skip
    response = client_for(world.users["officer"]).get(reverse("democracy:proposals_export"))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "班车" and rows[1][8] == "是"
    page = (
        client_for(world.users["officer"])
        .get(reverse("democracy:proposal_list") + "?overdue=1")
        .content.decode()
    )
    assert "班车" in page and 'data-overdue="1"' in page


def test_officer_accepts_assigns_and_answers_in_the_workspace(world, client_for):
    term = make_term(world)
    others = [r.worker for r in term.representatives.exclude(worker=world.worker_a1)[:2]]
    p = services.proposal_submit(actor=world.users["worker"], kind="proposal", title="增设班车", content="x",
                                 cosigners=others)  # fmt: skip
    client = client_for(world.users["officer"])
    url = reverse("democracy:proposal_act", args=[p.pk])
    client.post(url, {"action": "accept", "expected_state": "submitted"})
    client.post(
        url,
        {"action": "assign", "expected_state": "accepted", "department": "后勤部", "due_date": "2030-01-01"},
    )
    client.post(url, {"action": "answer", "expected_state": "assigned", "answer": "已增设"})
    assert Proposal.objects.get(pk=p.pk).state == "answered"
    response = client.post(url, {"action": "satisfied", "expected_state": "answered"})
    assert response.status_code == 403  # only the proposer rates the answer
    client = client_for(world.users["worker"])
    client.post(
        reverse("democracy_portal:proposal_rate", args=[p.pk]),
        {"action": "satisfied", "expected_state": "answered"},
    )
    assert Proposal.objects.get(pk=p.pk).state == "satisfied"


def test_double_click_on_accept_gives_one_transition_and_a_message(world, client_for):
    term = make_term(world)
    others = [r.worker for r in term.representatives.exclude(worker=world.worker_a1)[:2]]
    p = services.proposal_submit(
        actor=world.users["worker"], kind="proposal", title="t", content="c", cosigners=others
    )
    client = client_for(world.users["officer"])
    url = reverse("democracy:proposal_act", args=[p.pk])
    client.post(url, {"action": "accept", "expected_state": "submitted"})
    response = client.post(url, {"action": "accept", "expected_state": "submitted"}, follow=True)
    assert "其他人已处理该提案（当前为“已立案”）；未做任何更改。" in response.content.decode()
    assert p.transitions.filter(action="accept").count() == 1


def test_a_worker_outside_the_audience_gets_404(world, client_for):
    kw = {"category": "wages", "title": "二分会工资公示", "content": "x", "disclosed_on": dt.date(2026, 3, 1)}
    item = services.disclosure_create(actor=world.users["officer"], audience=world.branch_a2, **kw)
    services.disclosure_publish(actor=world.users["officer"], disclosure=item)
    client = client_for(world.users["worker"])  # 张三 of A1
    assert client.get(reverse("democracy_portal:disclosure_detail", args=[item.pk])).status_code == 404
    assert "二分会工资公示" not in client.get(reverse("democracy_portal:disclosure_list")).content.decode()
    mine = services.disclosure_create(
        actor=world.users["officer"], audience=world.ent_a, **{**kw, "title": "全企业公示"}
    )
    assert (
        client.get(reverse("democracy_portal:disclosure_detail", args=[mine.pk])).status_code == 404
    )  # draft
    services.disclosure_publish(actor=world.users["officer"], disclosure=mine)
    assert (
        "全企业公示"
        in client.get(reverse("democracy_portal:disclosure_detail", args=[mine.pk])).content.decode()
    )


def test_disclosure_upload_is_checked_by_content(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["officer"])
    data = {
        "audience": world.ent_a.pk,
        "category": "welfare",
        "title": "福利",
        "content": "x",
        "disclosed_on": "2026-03-01",
    }
    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    client.post(reverse("democracy:disclosure_create"), {**data, "attachment": fake})
    assert not Disclosure.objects.exists()
    pdf = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(reverse("democracy:disclosure_create"), {**data, "attachment": pdf})
    assert Disclosure.objects.get().attachment


def test_portal_survey_is_answered_once(world, client_for):
    s = services.survey_create(actor=world.users["officer"], enterprise=world.ent_a, year=2026, title="测评")
    client = client_for(world.users["worker"])
    url = reverse("democracy_portal:survey", args=[s.pk])
    client.post(url, {"knows": "1", "satisfaction": "satisfied"})
    response = client.get(url, follow=True)
    assert "已经回答" in response.content.decode()
    assert s.answers.count() == 1


def test_portal_vote_when_the_congress_votes_in_the_portal(world, client_for):
    session = make_session(world, portal_voting=True)
    _open(world, session)
    services.session_open(actor=world.users["officer"], session=session)
    r = services.resolution_open_voting(actor=world.users["officer"], session=session, title="方案", text="x")
    client = client_for(world.users["worker"])
    client.post(reverse("democracy_portal:vote", args=[r.pk]), {"choice": "for"})
    assert r.ballots.filter(choice="for").count() == 1
    assert client.get(reverse("democracy_portal:vote", args=[r.pk])).status_code == 200
    response = client.post(reverse("democracy_portal:vote", args=[r.pk]), {"choice": "against"}, follow=True)
    assert "已经对该决议投过票" in response.content.decode() and r.ballots.count() == 1


def test_portal_proposal_submit_with_cosigners(world, client_for):
    term = make_term(world)
    others = [r.worker for r in term.representatives.exclude(worker=world.worker_a1)[:2]]
    client = client_for(world.users["worker"])
    response = client.post(
        reverse("democracy_portal:proposal_submit"),
        {"kind": "proposal", "title": "提案一", "content": "内容", "cosigners": [w.pk for w in others]},
    )
    p = Proposal.objects.get()
    assert response.status_code == 302 and p.cosigners.count() == 2
    response = client.post(
        reverse("democracy_portal:proposal_submit"), {"kind": "proposal", "title": "", "content": ""}
    )
    assert response.status_code == 200 and Proposal.objects.count() == 1


def test_non_representative_may_only_submit_suggestions(world, client_for):
    client = client_for(world.users["worker"])  # no congress term: not a representative
    page = client.get(reverse("democracy_portal:proposal_submit")).content.decode()
    assert "合理化建议" in page and 'value="proposal"' not in page


def _list_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "name",
    ["democracy:proposal_list", "democracy:session_list", "democracy:term_list", "democracy:disclosure_list",
     "democracy:petition_list", "democracy:contract_list", "democracy:survey_list"],
)  # fmt: skip
def test_list_pages_do_not_grow_queries_with_rows(world, client_for, name):
    client = client_for(world.users["officer"])
    make_session(world)

    def add(n):
        for i in range(n):
            w = WorkerFactory(branch=world.branch_a1)
            Proposal.objects.create(enterprise=world.ent_a, branch=w.branch, kind="suggestion", proposer=w,
                                    title=f"建议{i}", content="x")  # fmt: skip
            Disclosure.objects.create(enterprise=world.ent_a, audience=world.ent_a, category="other", title=f"公示{i}",
                                      content="x", disclosed_on=dt.date(2026, 1, 1))  # fmt: skip
            survey = Survey.objects.create(enterprise=world.ent_a, year=2026, title=f"测评{i}")
            SurveyAnswer.objects.create(survey=survey, knows=True, satisfaction="basic")
            Session.objects.create(term=make_term(world), number=100 + Session.objects.count(), held_on=dt.date(2026, 5, 1),
                                   place="x")  # fmt: skip

    add(2)
    small = _list_queries(client, reverse(name))
    add(15)
    assert _list_queries(client, reverse(name)) == small
