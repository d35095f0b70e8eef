"""Committee, post, leadership and funds pages per role; findings on the unit page and dashboard."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from branches import counters, selectors, services
from branches.models import (
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    Term,
    Worker,
    WorkshopPost,
)
from tests.factories import WorkerFactory, make_branch
from unionhome.models import AccessLog

D = dt.date
TODAY = timezone.localdate


def _elect(branch, kind, elected, end=None):
    committee, _ = Committee.objects.get_or_create(branch=branch, kind=kind)
    start = elected
    end = end or start.replace(year=start.year + 5) - dt.timedelta(days=1)
    number = committee.terms.count() + 1
    return Term.objects.create(committee=committee, number=number, elected_on=elected, start=start, end=end)


def _women(branch, n):
    WorkerFactory.create_batch(n, branch=branch, gender="F")


def _codes(findings, branch):
    return sorted(f.code for f in findings if f.branch.pk == branch.pk)


def test_an_enterprise_with_50_women_and_only_a_group_is_told_to_form_a_committee_in_chinese(
    world, client_for
):
    elected = TODAY() - dt.timedelta(days=100)
    for kind in ("union", "funds_review", "women_group"):
        _elect(world.ent_a, kind, elected)
    _women(world.branch_a1, 49)
    client = client_for(world.users["officer"])
    page = client.get(reverse("branches:branch_detail", args=[world.ent_a.pk])).content.decode()
    assert "女职工委员会" not in page.split('id="unit-findings"')[1].split("</ul>")[0]
    _women(world.branch_a2, 1)
    page = client.get(reverse("branches:branch_detail", args=[world.ent_a.pk])).content.decode()
    section = page.split('id="unit-findings"')[1].split("</ul>")[0]
    assert "有女职工50名，但未建立女职工委员会" in section
    assert reverse("branches:unit_committees", args=[world.ent_a.pk]) in section


def test_the_dashboard_shows_each_kind_of_finding_with_unit_and_link(world, client_for):
    today = TODAY()
    _elect(world.ent_a, "union", today - dt.timedelta(days=400), end=today - dt.timedelta(days=1))
    _elect(world.ent_a, "funds_review", today - dt.timedelta(days=400), end=today + dt.timedelta(days=90))
    _elect(world.branch_a1, "union", today - dt.timedelta(days=10))
    services.posts_establish(actor=world.users["branch"], branch=world.branch_a1)
    FundsRemittance.objects.create(
        branch=world.ent_b, year=today.year, amount_due=Decimal(100), due_on=today - dt.timedelta(days=1)
    )
    response = client_for(world.users["district"]).get(reverse("branches:dashboard"))
    groups = {g.code: g for g in response.context["groups"]}
    assert groups["committee_overdue"].count >= 1 and groups["posts_vacant"].count >= 1
    from branches.selectors import compliance, federation

    # the committee findings among those the groups count
    findings = [
        f for f in federation.all_findings(world.users["district"]) if f.code in compliance.FINDING_LABELS
    ]
    assert _codes(findings, world.ent_a) == [
        "committee_due_soon",
        "committee_overdue",
        "funds_missing",
        "leadership_missing",
    ]
    assert _codes(findings, world.branch_a1) == ["posts_vacant"]
    assert _codes(findings, world.branch_a2) == ["committee_missing", "posts_missing"]
    assert "funds_outstanding" in _codes(findings, world.ent_b)
    page = response.content.decode()
    assert "换届已逾期1天" in page and "还有90天" in page and "未成立建家领导小组" in page
    assert "工会经费欠缴" in page and "车间岗位空缺" in page
    assert f'href="{reverse("branches:unit_funds", args=[world.ent_b.pk])}">乙企业工会</a>' in page


def test_findings_follow_the_viewers_scope(world):
    found = selectors.findings(world.users["branch"])
    assert {f.branch.pk for f in found} <= {world.branch_a1.pk, world.group_a1.pk}
    assert not {f.branch.pk for f in selectors.findings(world.users["officer_b"])} & {world.ent_a.pk}


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("branches:dashboard")).status_code == 200
    return len(ctx.captured_queries)


def _grow(world, n, start=0):
    """n more enterprises, each with branches, committees, terms, seats, posts and funds."""
    today = TODAY()
    for i in range(start, start + n):
        ent = make_branch(world.district, f"X{i}", "enterprise", f"企业{i}")
        branch = make_branch(ent, f"X{i}B", "branch", f"分会{i}")
        workers = WorkerFactory.create_batch(3, branch=branch, gender="F")
        for kind in ("union", "funds_review", "women_group"):
            term = _elect(ent, kind, today - dt.timedelta(days=30 * (i + 1)))
            CommitteeSeat.objects.create(term=term, worker=workers[0], position="member", start=term.start)
        _elect(branch, "union", today - dt.timedelta(days=1900))
        WorkshopPost.objects.bulk_create(
            WorkshopPost(branch=branch, post=p) for p in WorkshopPost.Post.values
        )
        remittance = FundsRemittance.objects.create(
            branch=ent, year=today.year, amount_due=Decimal(100), due_on=today - dt.timedelta(days=5)
        )
        FundsPayment.objects.create(
            remittance=remittance, amount=Decimal(50), paid_on=today - dt.timedelta(days=9)
        )


def test_the_district_dashboard_findings_take_as_many_queries_for_22_enterprises_as_for_2(world, client_for):
    client = client_for(world.users["district"])
    _grow(world, 2)
    small = _dashboard_queries(client)
    _grow(world, 20, start=2)
    large = _dashboard_queries(client)
    assert len(selectors.findings(world.users["district"])) > 60
    assert large == small


def test_the_unit_committees_page_shows_terms_history_and_seats_in_constant_queries(world, client_for):
    client = client_for(world.users["officer"])
    old = _elect(world.ent_a, "union", D(2019, 6, 1))
    new = _elect(world.ent_a, "union", D(2024, 6, 1))
    CommitteeSeat.objects.create(term=old, worker=world.worker_a2, position="chair", start=old.start)
    CommitteeSeat.objects.create(term=new, worker=world.worker_a1, position="chair", start=new.start)
    url = reverse("branches:unit_committees", args=[world.ent_a.pk])
    with CaptureQueriesContext(connection) as small:
        page = client.get(url).content.decode()
    assert "第1届" in page and "第2届" in page and "张三" in page and "李四" in page and "主席" in page
    for kind in ("funds_review", "women"):
        term = _elect(world.ent_a, kind, D(2024, 6, 1))
        for w in WorkerFactory.create_batch(5, branch=world.branch_a1):
            CommitteeSeat.objects.create(term=term, worker=w, position="member", start=term.start)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_an_officer_records_an_election_through_the_form(world, client_for):
    committee = Committee.objects.create(branch=world.ent_a, kind="union")
    client = client_for(world.users["officer"])
    response = client.post(reverse("branches:term_create", args=[committee.pk]), {"elected_on": "2025-03-01"})
    assert response.status_code == 302
    term = committee.terms.get()
    assert (term.number, term.start, term.end) == (1, D(2025, 3, 1), D(2030, 2, 28))


def test_a_term_ending_before_it_starts_is_a_form_error_in_chinese_and_nothing_is_saved(world, client_for):
    committee = Committee.objects.create(branch=world.ent_a, kind="union")
    response = client_for(world.users["officer"]).post(
        reverse("branches:term_create", args=[committee.pk]),
        {"elected_on": "2025-03-01", "end": "2025-02-01"},
    )
    assert response.status_code == 200
    assert "任期结束日期必须晚于开始日期" in response.content.decode()
    assert not Term.objects.exists()


def test_an_overlapping_election_shows_the_refusal_and_saves_nothing(world, client_for):
    term = _elect(world.ent_a, "union", D(2024, 6, 1))
    response = client_for(world.users["officer"]).post(
        reverse("branches:term_create", args=[term.committee_id]), {"elected_on": "2026-01-01"}, follow=True
    )
    assert "与本委员会第1届" in response.content.decode()
    assert Term.objects.count() == 1


def test_a_seat_for_a_worker_of_another_unit_is_not_offered_and_not_saved(world, client_for):
    term = _elect(world.branch_a1, "union", D(2024, 6, 1))
    response = client_for(world.users["branch"]).post(
        reverse("branches:seat_create", args=[term.pk]), {"worker": world.worker_a2.pk, "position": "member"}
    )
    assert response.status_code == 200 and response.context["form"].errors["worker"]
    assert not CommitteeSeat.objects.exists()


def test_editing_a_committee_of_another_enterprise_answers_404_and_changes_nothing(world, client_for):
    term = _elect(world.ent_a, "union", D(2024, 6, 1))
    client = client_for(world.users["officer_b"])
    response = client.post(
        reverse("branches:term_edit", args=[term.pk]),
        {"elected_on": "2024-06-01", "start": "2024-06-01", "end": "2025-01-01"},
    )
    assert response.status_code == 404
    term.refresh_from_db()
    assert term.end == D(2029, 5, 31)
    assert (
        client.post(
            reverse("branches:committee_create", args=[world.ent_a.pk]), {"kind": "women"}
        ).status_code
        == 404
    )
    assert Committee.objects.count() == 1


def test_the_district_reviewer_views_committees_but_may_not_add_one(world, client_for):
    client = client_for(world.users["district"])
    assert client.get(reverse("branches:unit_committees", args=[world.ent_a.pk])).status_code == 200
    response = client.post(reverse("branches:committee_create", args=[world.ent_a.pk]), {"kind": "union"})
    assert response.status_code == 403
    assert not Committee.objects.exists()


def test_workshop_posts_are_set_up_and_a_vacancy_is_listed_until_filled(world, client_for):
    client = client_for(world.users["branch"])
    client.post(reverse("branches:posts_establish", args=[world.branch_a1.pk]))
    assert WorkshopPost.objects.filter(branch=world.branch_a1, holder__isnull=True).count() == 8
    page = client.get(reverse("branches:vacant_posts")).content.decode()
    assert page.count("甲一分会") >= 8 and "宣传员" in page
    post = WorkshopPost.objects.get(branch=world.branch_a1, post="publicity")
    client.post(
        reverse("branches:post_assign", args=[post.pk]), {"holder": world.worker_a1.pk, "since": "2025-01-01"}
    )
    post.refresh_from_db()
    assert post.holder == world.worker_a1
    page = client.get(reverse("branches:vacant_posts")).content.decode()
    assert "宣传员" not in page[page.index('id="vacant-posts"') :]  # the message above names the post filled


def test_the_leadership_group_page_shows_its_office_members_and_responsibilities(world, client_for):
    client = client_for(world.users["officer"])
    client.post(
        reverse("branches:leadership_edit", args=[world.ent_a.pk]),
        {
            "name": "建家领导小组",
            "established_on": "2025-01-01",
            "office": "设在工会",
            "responsibilities": "负责建家",
        },
    )
    client.post(
        reverse("branches:leadership_member_add", args=[world.ent_a.pk]),
        {"worker": world.worker_a1.pk, "role": "leader", "duties": "全面负责"},
    )
    page = client.get(reverse("branches:leadership", args=[world.ent_a.pk])).content.decode()
    assert (
        "设在工会" in page and "负责建家" in page and "张三" in page and "组长" in page and "全面负责" in page
    )


def test_the_funds_pages_show_each_status_and_the_district_confirms_receipt(world, client_for):
    today = TODAY()
    due = today - dt.timedelta(days=30)
    late = FundsRemittance.objects.create(
        branch=world.ent_a, year=today.year, amount_due=Decimal(100), due_on=due
    )
    payment = FundsPayment.objects.create(
        remittance=late, amount=Decimal(100), paid_on=due + dt.timedelta(days=1)
    )
    FundsRemittance.objects.create(branch=world.ent_b, year=today.year, amount_due=Decimal(100), due_on=due)
    district = client_for(world.users["district"])
    page = district.get(reverse("branches:funds_overview")).content.decode()
    problems = page.split('id="funds-problems"')[1].split("</ul>")[0]
    assert "甲企业工会" in problems and "逾期上解" in problems
    assert "乙企业工会" in problems and "欠缴" in problems
    district.post(reverse("branches:payment_confirm", args=[payment.pk]))
    payment.refresh_from_db()
    assert payment.confirmed_by == world.users["district"]
    page = (
        client_for(world.users["officer"])
        .get(reverse("branches:unit_funds", args=[world.ent_a.pk]))
        .content.decode()
    )
    assert "确认到账" in page and "乙企业工会" not in page


def test_an_officer_records_a_payment_and_bad_amounts_are_form_errors(world, client_for):
    remittance = FundsRemittance.objects.create(
        branch=world.ent_a, year=2026, amount_due=Decimal(100), due_on=D(2026, 6, 30)
    )
    client = client_for(world.users["officer"])
    url = reverse("branches:payment_create", args=[remittance.pk])
    assert client.post(url, {"amount": "0", "paid_on": "2026-01-01"}).status_code == 200
    assert client.post(url, {"amount": "abc", "paid_on": "2026-01-01"}).status_code == 200
    assert not FundsPayment.objects.exists()
    assert client.post(url, {"amount": "60.50", "paid_on": "2026-01-01"}).status_code == 302
    assert FundsPayment.objects.get().amount == Decimal("60.50")


def test_the_term_calendar_lists_overdue_and_upcoming_term_ends(world, client_for):
    today = TODAY()
    _elect(world.ent_a, "union", today - dt.timedelta(days=2000), end=today - dt.timedelta(days=3))
    _elect(world.ent_b, "union", today - dt.timedelta(days=100), end=today + dt.timedelta(days=40))
    response = client_for(world.users["district"]).get(reverse("branches:term_calendar"))
    page = response.content.decode()
    overdue = page.split('id="overdue-terms"')[1].split("</ul>")[0]
    assert "甲企业工会" in overdue and "逾期3天" in overdue and "乙企业工会" not in overdue
    assert "应即换届" in page
    month = today.strftime("%Y-%m")
    in_horizon = [
        d for d in (today - dt.timedelta(days=3), today + dt.timedelta(days=40)) if f"{d:%Y-%m}" >= month
    ]
    assert sum(response.context["chart"]["option"]["series"][0]["data"]) == len(in_horizon)
    assert (
        "甲企业工会"
        not in client_for(world.users["officer_b"]).get(reverse("branches:term_calendar")).content.decode()
    )


def _sheet(response):
    book = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_the_roster_export_masks_ids_escapes_formulas_and_is_logged(world, client_for):
    term = _elect(world.ent_a, "union", TODAY() - dt.timedelta(days=10))
    hostile = WorkerFactory(branch=world.branch_a1, name="=HYPERLINK(1)")
    CommitteeSeat.objects.create(term=term, worker=hostile, position="chair", start=term.start)
    CommitteeSeat.objects.create(term=term, worker=world.worker_a1, position="member", start=term.start)
    response = client_for(world.users["officer"]).get(reverse("branches:committee_export"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _sheet(response)
    assert rows[0][:3] == ["组织", "委员会", "届次"]
    names = {r[6]: r for r in rows[1:]}
    assert "'=HYPERLINK(1)" in names and names["'=HYPERLINK(1)"][5] == "主席"
    assert names["张三"][8] == world.worker_a1.masked_id_number
    assert world.worker_a1.id_number not in str(rows)
    assert AccessLog.objects.filter(user=world.users["officer"], kind="export").exists()
    world.users["officer"].appointments.update(full_id_access=True)
    rows = _sheet(client_for(world.users["officer"]).get(reverse("branches:committee_export")))
    assert world.worker_a1.id_number in str(rows)


def test_the_export_keeps_to_the_viewers_scope(world, client_for):
    term = _elect(world.ent_a, "union", TODAY() - dt.timedelta(days=10))
    CommitteeSeat.objects.create(term=term, worker=world.worker_a1, position="member", start=term.start)
    rows = _sheet(client_for(world.users["officer_b"]).get(reverse("branches:committee_export")))
    assert len(rows) == 1
    response = client_for(world.users["officer_b"]).get(
        reverse("branches:committee_export") + f"?branch={world.ent_a.pk}"
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["district", "officer"])
def test_assessment_facts_report_committees_funds_and_leadership(world, role):
    today = TODAY()
    year = today.year
    facts = selectors.assessment_facts(branch=world.ent_a, year=year)
    assert {"enrolment_rate", "card_issuance_rate"} <= set(facts)
    assert facts["committees_complete"].value is False
    assert facts["funds_remitted"].value is None and facts["funds_withheld"].value is None
    assert facts["leadership_group"].value is False
    for kind in ("union", "funds_review"):
        _elect(world.ent_a, kind, today - dt.timedelta(days=10))
    remittance = FundsRemittance.objects.create(
        branch=world.ent_a, year=year, amount_due=Decimal(100), due_on=today - dt.timedelta(days=5)
    )
    FundsPayment.objects.create(
        remittance=remittance, amount=Decimal(100), paid_on=today - dt.timedelta(days=1)
    )
    group = services.leadership_save(
        actor=world.users["officer"], branch=world.ent_a, name="建家领导小组", established_on=today
    )
    services.leadership_member_add(
        actor=world.users["officer"], group=group, worker=world.worker_a1, role="leader"
    )
    facts = selectors.assessment_facts(branch=world.ent_a, year=year)
    assert facts["committees_complete"].value is True and facts["committees_in_term"].value is True
    assert facts["funds_remitted"].value is True  # late, but paid in full
    assert facts["funds_withheld"].value is False
    assert facts["leadership_group"].value is True
    Worker.objects.filter(pk=world.worker_a1.pk).update(gender="F")
    counters.recount([world.worker_a1.branch_id])  # the update above bypasses the roster's writes
    WorkerFactory.create_batch(2, branch=world.branch_a2, gender="F")
    assert selectors.assessment_facts(branch=world.ent_a, year=year)["committees_complete"].value is False


def test_a_worker_sees_the_committees_in_force_of_their_own_enterprise_only(world, client_for):
    today = TODAY()
    old = _elect(world.ent_a, "union", D(2015, 1, 1), end=D(2019, 12, 31))
    CommitteeSeat.objects.create(term=old, worker=world.worker_a2, position="chair", start=old.start)
    term = _elect(world.ent_a, "union", today - dt.timedelta(days=10))
    CommitteeSeat.objects.create(term=term, worker=world.worker_a1, position="chair", start=term.start)
    branch_term = _elect(world.branch_a1, "union", today - dt.timedelta(days=10))
    CommitteeSeat.objects.create(
        term=branch_term, worker=world.worker_a1, position="member", start=term.start
    )
    other = _elect(world.ent_b, "union", today - dt.timedelta(days=10))
    CommitteeSeat.objects.create(term=other, worker=world.worker_b1, position="chair", start=other.start)
    group = services.leadership_save(
        actor=world.users["officer"],
        branch=world.ent_a,
        name="建家领导小组",
        established_on=today,
        office="设在工会",
    )
    services.leadership_member_add(
        actor=world.users["officer"], group=group, worker=world.worker_a2, role="leader"
    )
    page = client_for(world.users["worker"]).get(reverse("portal:committees")).content.decode()
    main = page.split("<main")[1]
    assert "甲企业工会" in main and "甲一分会" in main and "主席：张三" in main and "委员：张三" in main, main
    assert "组长：李四" in page and "设在工会" in page
    assert "主席：李四" not in page  # a past term is not shown
    assert "乙企业工会" not in page and "王五" not in page
    assert world.worker_a1.masked_id_number not in page


@pytest.mark.parametrize(
    "url",
    [
        reverse_lazy("branches:term_calendar"),
        reverse_lazy("branches:funds_overview"),
        reverse_lazy("branches:vacant_posts"),
        reverse_lazy("branches:committee_export"),
    ],
)
def test_district_wide_lists_take_as_many_queries_for_12_enterprises_as_for_2(world, client_for, url):
    client = client_for(world.users["district"])
    _grow(world, 2)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    _grow(world, 10, start=2)
    assert count() == small
