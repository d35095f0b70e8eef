"""Demo data of democratic management, on top of the organisation demo (branches.demo).

Per enterprise this year: a congress term with representatives and their training, a session with
sign-in, agenda and resolutions, proposals in every state, a leader evaluation, lower-level meetings,
disclosures, a disclosure survey with answers, contracts with a fulfilment check, a mediation
committee, letters and visits, and a contest for the participation rate.

E01 (the coal mine) meets every democracy standard of the assessment; E02 has one abnormal
petition; E03 missed a quarterly workshop meeting (for the cadence report) and a survey below the
knowledge target. Deterministic and idempotent: an enterprise that already has a congress term is
left alone.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from branches.models import Branch, Worker
from unionhome import audit

from . import rules
from .models import (
    AgendaItem,
    Attendance,
    Clause,
    ClauseResult,
    Contest,
    Contract,
    CoSigner,
    Disclosure,
    EvaluationRound,
    FulfilmentCheck,
    Leader,
    LowerMeeting,
    MediationCase,
    MediationCommittee,
    Petition,
    Proposal,
    ProposalTransition,
    Rating,
    RatingCast,
    Representative,
    Resolution,
    Session,
    Survey,
    SurveyAnswer,
    SurveyParticipation,
    Term,
    Training,
)
from .services.affairs_disclosure import answer_unit
from .workflows import PROPOSAL

# code: representatives, survey answers, share knowing, share (basically) satisfied, contest share
PLAN = {
    "E01": {"reps": 36, "answers": 400, "knows": 0.95, "satisfied": 0.97, "contest": 0.80},
    "E02": {"reps": 30, "answers": 300, "knows": 0.92, "satisfied": 0.88, "contest": 0.55},
    "E03": {"reps": 24, "answers": 200, "knows": 0.87, "satisfied": 0.90, "contest": 0.0},
}
MISSED_MEETING_BRANCH = "E03-B02"  # skips the second quarter

PROPOSALS = [
    ("submitted", "增设夜班通勤班车", "夜班职工下班后无公交，建议增设通勤班车。"),
    ("accepted", "改善井口浴室供暖", "冬季浴室温度偏低，建议更换供暖设备。"),
    ("converted", "食堂增加清真窗口", "少数民族职工就餐不便。"),
    ("assigned", "更新一线劳保用品标准", "防护手套磨损快，建议提高配发标准。"),
    ("answered", "建立职工书屋", "丰富职工业余文化生活。"),
    ("satisfied", "开展职工健康体检", "建议每年为职工安排一次全面体检。"),
    ("not_satisfied", "调整高温补贴发放时间", "高温补贴发放滞后。"),
    ("reopened", "完善困难职工帮扶台账", "帮扶对象信息更新不及时。"),
    ("withdrawn", "调整工间休息时间", "建议午休延长半小时。"),
]
PATHS = {
    "submitted": [],
    "accepted": ["accept"],
    "converted": ["convert"],
    "assigned": ["accept", "assign"],
    "answered": ["accept", "assign", "answer"],
    "satisfied": ["accept", "assign", "answer", "satisfied"],
    "not_satisfied": ["accept", "assign", "answer", "not_satisfied"],
    "reopened": ["accept", "assign", "answer", "not_satisfied", "reopen"],
    "withdrawn": ["withdraw"],
}
POWERS = [
    ("reports", "审议行政工作报告和工会工作报告"),
    ("plans", "审议通过年度生产经营计划"),
    ("welfare", "审议决定职工福利基金使用方案"),
    ("evaluate", "民主评议企业领导人员"),
    ("elect", "补选职工董事、职工监事"),
]
CLAUSES = [
    "职工工资按月足额以货币形式发放，不低于当地最低工资标准",
    "企业每年根据经济效益合理确定工资增长幅度",
    "严格执行国家工时制度，加班依法支付加班工资",
    "按规定为职工缴纳各项社会保险和住房公积金",
    "每年组织职工健康体检一次",
    "为一线职工配发合格的劳动防护用品",
    "每年安排职工带薪年休假",
    "开展职工技能培训，培训经费按工资总额1.5%提取",
    "女职工享受特殊劳动保护和生育保险待遇",
    "设立劳动争议调解委员会，依法调解劳动争议",
]


def _day(year: int, month: int, day: int, today: dt.date) -> dt.date:
    return min(dt.date(year, month, day), today)


def _seed_enterprise(rnd: random.Random, code: str, enterprise: Branch, ctx, today: dt.date) -> int:
    plan = PLAN[code]
    year = today.year
    officer = (
        ctx.users.get("officer") if code == "E01" else ctx.users.get("officer_b") if code == "E02" else None
    )
    workers = list(
        Worker.objects.filter(branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE)
        .select_related("branch")
        .order_by("id")
    )
    created = 0
    term = Term.objects.create(enterprise=enterprise, number=3, elected_on=dt.date(year - 2, 1, 15))
    # representatives: the demo worker of E01 first (so the portal shows a representative's pages)
    demo_worker = getattr(ctx.users.get("worker"), "worker", None)
    chosen = [demo_worker] if demo_worker and demo_worker.branch.path.startswith(enterprise.path) else []
    pool = [w for w in workers if w not in chosen]
    chosen += rnd.sample(pool, plan["reps"] - len(chosen))
    branches = {
        b.path: b for b in Branch.objects.filter(path__startswith=enterprise.path, kind=Branch.Kind.BRANCH)
    }
    reps = Representative.objects.bulk_create(
        [
            Representative(
                term=term,
                worker=w,
                constituency=branches.get(w.branch.path[: len(enterprise.path) + Branch.steplen], w.branch),
                group=f"第{i % 4 + 1}代表组",
                is_manager=i % 7 == 3,
            )
            for i, w in enumerate(chosen)
        ]
    )
    created += len(reps) + 1
    training = Training.objects.create(
        term=term, held_on=dt.date(year - 2, 2, 20), topic="职工代表履职能力培训", hours=4
    )
    training.attendees.set(reps[: len(reps) - 2])
    training = Training.objects.create(
        term=term, held_on=_day(year, 3, 10, today), topic="职代会议题与表决程序培训"
    )
    training.attendees.set(reps)
    created += 2

    # the yearly session: closed, quorum present, five powers, resolutions published
    held_on = _day(year, 3, 20, today)
    session = Session.objects.create(
        term=term, number=1, held_on=held_on, place="职工活动中心", status=Session.Status.CLOSED,
        opened_at=timezone.now(), closed_at=timezone.now(),
        minutes="大会听取并审议了行政工作报告和工会工作报告，审议通过了年度计划和福利基金使用方案，民主评议了企业领导人员。",
    )  # fmt: skip
    AgendaItem.objects.bulk_create(
        [AgendaItem(session=session, position=i, power=p, title=t) for i, (p, t) in enumerate(POWERS, 1)]
    )
    present = len(reps) - 3
    Attendance.objects.bulk_create(
        [
            Attendance(session=session, representative=r, status="present" if i < present else "leave")
            for i, r in enumerate(reps)
        ]
    )
    for title, votes_for in (
        ("关于行政工作报告的决议", present - 2),
        ("关于职工福利基金使用方案的决议", present - 4),
    ):
        Resolution.objects.create(
            session=session, title=title, text=f"大会同意{title.removeprefix('关于').removesuffix('的决议')}。",
            votes_for=votes_for, votes_against=1, votes_abstain=present - votes_for - 1,
            representatives_total=len(reps), passed=rules.resolution_passes(votes_for, len(reps)), published=True,
        )  # fmt: skip
    created += 3 + len(POWERS) + len(reps)
    if code == "E01":  # a second session planned, for signing in and opening in the demo
        Session.objects.create(
            term=term,
            number=2,
            held_on=today + dt.timedelta(days=14),
            place="职工活动中心",
            portal_voting=True,
        )
        created += 1

    # proposals in every state
    for i, (state, title, content) in enumerate(PROPOSALS):
        proposer = reps[0].worker if (code == "E01" and state == "answered") else reps[i + 1].worker
        submitted = timezone.make_aware(dt.datetime.combine(_day(year, 3, 1 + i, today), dt.time(9)))
        p = Proposal.objects.create(
            enterprise=enterprise, branch=proposer.branch, session=session, kind="proposal", proposer=proposer,
            title=title, content=content, submitted_at=submitted,
        )  # fmt: skip
        CoSigner.objects.bulk_create([CoSigner(proposal=p, worker=r.worker) for r in reps[i + 2 : i + 4]])
        current = "submitted"
        ProposalTransition.objects.create(
            proposal=p, actor=None, from_state="", to_state=current, action="submit", reason=""
        )
        for action in PATHS[state]:
            nxt = PROPOSAL.steps[(current, action)].to
            ProposalTransition.objects.create(
                proposal=p, actor=officer, actor_name=(officer.get_full_name() or officer.get_username()) if officer else "",
                from_state=current, to_state=nxt, action=action, reason="",
            )  # fmt: skip
            current = nxt
        p.state = current
        p.ever_accepted = current in rules.ACCEPTED_STATES
        if current == "converted":
            p.kind, p.conversion_reason = "suggestion", "属日常管理事项，转为合理化建议由行政部门办理"
        if "assign" in PATHS[state]:
            p.department = rnd.choice(["人力资源部", "后勤服务中心", "安全环保部", "工会办公室"])
            # the assigned one is overdue; the others are due later
            p.due_date = (
                today - dt.timedelta(days=10) if state == "assigned" else today + dt.timedelta(days=30)
            )
        if "answer" in PATHS[state]:
            p.answer = "已研究落实，相关措施将于本季度内完成。"
            p.answered_at = submitted + dt.timedelta(days=20)
        p.save()
        created += 1
    for i, w in enumerate(rnd.sample(workers, 6)):
        Proposal.objects.create(
            enterprise=enterprise, branch=w.branch, kind="suggestion", proposer=w,
            title=["优化排班方式", "节约用电措施", "改进设备点检流程", "减少纸质报表", "改善更衣室通风", "提高备件周转"][i],
            content="合理化建议内容。", submitted_at=timezone.make_aware(dt.datetime.combine(_day(year, 4, 1 + i, today), dt.time(10))),
        )  # fmt: skip
        created += 1

    # leader evaluation, closed, every present representative rated
    evaluation = EvaluationRound.objects.create(session=session, title=f"{year}年度民主评议领导人员")
    leaders = Leader.objects.bulk_create(
        [
            Leader(round=evaluation, name=n, position=p)
            for n, p in (("高建国", "总经理"), ("林志新", "党委书记"), ("梁文华", "工会主席"))
        ]
    )
    grades = ["excellent"] * 6 + ["competent"] * 3 + ["basic"]
    RatingCast.objects.bulk_create([RatingCast(round=evaluation, representative=r) for r in reps[:present]])
    Rating.objects.bulk_create(
        [
            Rating(round=evaluation, leader=leader, grade=rnd.choice(grades))
            for leader in leaders
            for _r in reps[:present]
        ]
    )
    created += 1 + len(leaders) + present

    # lower-level meetings: branches quarterly, groups half-yearly, for the periods already ended
    units = Branch.objects.filter(
        path__startswith=enterprise.path, kind__in=[Branch.Kind.BRANCH, Branch.Kind.GROUP]
    )
    meetings = []
    for unit in units:
        months = rules.QUARTERLY if unit.kind == Branch.Kind.BRANCH else rules.HALF_YEARLY
        kind = LowerMeeting.Kind.WORKSHOP if unit.kind == Branch.Kind.BRANCH else LowerMeeting.Kind.TEAM
        for period in rules.ended_periods(year, months, today):
            if unit.code == MISSED_MEETING_BRANCH and period.endswith("Q2"):
                continue
            index = int(period[-1])
            month = (index - 1) * months + 2
            meetings.append(
                LowerMeeting(
                    branch=unit,
                    kind=kind,
                    held_on=dt.date(year, month, 10 + rnd.randint(0, 10)),
                    attendees=rnd.randint(8, 30),
                    topics="通报生产任务完成情况，征集职工意见",
                    outcomes="形成意见建议并报送企业工会",
                )  # fmt: skip
            )
    LowerMeeting.objects.bulk_create(meetings)
    created += len(meetings)

    # affairs disclosure: every category, to the whole enterprise, one to a branch
    items = [
        ("wages", "年度工资调整方案公示"),
        ("bonus", "上半年绩效奖金分配结果公示"),
        ("welfare", "职工福利费使用情况公示"),
        ("decisions", "年度重大投资项目决策公示"),
        ("integrity", "领导人员廉洁从业情况公示"),
        ("other", "职工教育经费使用情况公示"),
    ]
    Disclosure.objects.bulk_create(
        [
            Disclosure(
                enterprise=enterprise,
                audience=enterprise,
                category=c,
                title=t,
                content=f"{t}：详见正文。",
                disclosed_on=_day(year, 2 + i, 15, today),
                published=True,
                published_at=timezone.now(),
            )  # fmt: skip
            for i, (c, t) in enumerate(items)
        ]
    )
    first_branch = min(branches.values(), key=lambda b: b.code)
    Disclosure.objects.create(
        enterprise=enterprise, audience=first_branch, category="bonus", title=f"{first_branch.name}班组奖金二次分配公示",
        content="按班组考核结果分配。", disclosed_on=_day(year, 7, 5, today), published=True, published_at=timezone.now(),
    )  # fmt: skip
    Disclosure.objects.create(
        enterprise=enterprise, audience=enterprise, category="welfare", title="职工疗休养安排（草稿）",
        content="拟安排一线职工疗休养。", disclosed_on=today,
    )  # fmt: skip
    created += len(items) + 2

    # the yearly disclosure survey, closed (its results shown), and a follow-up survey still open
    # that the demo worker has not answered yet
    survey = Survey.objects.create(
        enterprise=enterprise, year=year, title=f"{year}年度厂务公开职工满意度测评", is_open=False
    )
    Survey.objects.create(enterprise=enterprise, year=year, title=f"{year}年度厂务公开回访测评")
    respondents = [w for w in workers if w != demo_worker][: plan["answers"]]
    SurveyParticipation.objects.bulk_create(
        [SurveyParticipation(survey=survey, worker=w) for w in respondents]
    )
    units = {b.pk: answer_unit(b) for b in Branch.objects.filter(pk__in={w.branch_id for w in respondents})}
    n = len(respondents)
    know = round(n * plan["knows"])
    satisfied = round(n * plan["satisfied"])
    answers = []
    for i in range(n):
        level = "satisfied" if i < satisfied * 0.7 else "basic" if i < satisfied else "unsatisfied"
        answers.append(
            SurveyAnswer(
                survey=survey, knows=i < know, satisfaction=level, branch=units[respondents[i].branch_id]
            )
        )
    rnd.shuffle(answers)
    SurveyAnswer.objects.bulk_create(answers)
    created += 2 + 2 * n

    # contracts
    contract = Contract.objects.create(
        enterprise=enterprise, kind="collective", title=f"{enterprise.name.removesuffix('工会')}集体合同",
        parties=f"{enterprise.name.removesuffix('工会')}（企业方）与{enterprise.name}（职工方）",
        signed_on=dt.date(year - 1, 1, 5), starts_on=dt.date(year - 1, 1, 10), ends_on=dt.date(year + 1, 12, 31),
        registered_on=dt.date(year - 1, 1, 20), registration_number=f"劳集备{year - 1}-{code}", published=True,
    )  # fmt: skip
    clauses = Clause.objects.bulk_create(
        [Clause(contract=contract, number=i, text=t) for i, t in enumerate(CLAUSES, 1)]
    )
    # E01: 9 fulfilled + 1 partly = 95 %; E02: 8 + 1 partly + 1 not = 85 %; E03: 9 + 1 not = 90 %
    results = {"E01": ["fulfilled"] * 9 + ["partly"], "E02": ["fulfilled"] * 8 + ["partly", "not"],
               "E03": ["fulfilled"] * 9 + ["not"]}[code]  # fmt: skip
    check = FulfilmentCheck.objects.create(contract=contract, year=year, checked_on=_day(year, 10, 20, today))
    ClauseResult.objects.bulk_create(
        [
            ClauseResult(inspection=check, clause=c, result=r, evidence="查阅台账、座谈访谈")
            for c, r in zip(clauses, results, strict=True)
        ]
    )
    special = {"E01": ("women", "女职工权益保护专项集体合同"), "E02": ("wage", "工资集体协议"),
               "E03": ("wage", "工资集体协议")}[code]  # fmt: skip
    ends = today + dt.timedelta(days=60) if code == "E01" else dt.date(year + 1, 6, 30)
    Contract.objects.create(
        enterprise=enterprise, kind=special[0], title=special[1], parties=contract.parties,
        signed_on=dt.date(year - 2, 3, 1), starts_on=dt.date(year - 2, 3, 8), ends_on=ends,
        registered_on=dt.date(year - 2, 3, 20), registration_number=f"劳专备{year - 2}-{code}",
    )  # fmt: skip
    created += 3 + len(clauses) * 2

    # mediation
    committee = MediationCommittee.objects.create(
        enterprise=enterprise, chair="梁文华", members="职工代表2人、企业代表2人、工会代表1人",
        established_on=dt.date(year - 5, 6, 1),
    )  # fmt: skip
    MediationCase.objects.bulk_create(
        [
            MediationCase(
                committee=committee,
                received_on=_day(year, 4, 8, today),
                parties="职工王某与企业",
                subject="加班工资计算争议",
                outcome="settled",
            ),
            MediationCase(
                committee=committee,
                received_on=_day(year, 9, 2, today),
                parties="职工李某与企业",
                subject="年休假安排争议",
                outcome="pending",
            ),
        ]  # fmt: skip
    )
    created += 3

    # letters and visits; E02 has one abnormal collective petition
    Petition.objects.create(
        enterprise=enterprise, kind="letter", received_on=_day(year, 5, 6, today), petitioner="职工张某",
        subject="反映班车时间不合理", handling="转后勤服务中心调查", result="已调整发车时间",
        answered_on=_day(year, 5, 16, today),
    )  # fmt: skip
    created += 1
    if code == "E02":
        Petition.objects.create(
            enterprise=enterprise, kind="visit", received_on=_day(year, 6, 18, today), petitioner="外包职工20余人",
            subject="集体越级上访反映外包工资拖欠", handling="区总工会协调企业处理", result="工资已补发",
            answered_on=_day(year, 7, 2, today), abnormal=True, flagged_by=ctx.users.get("district"),
            flag_reason="20余人越级到区政府集体上访",
        )  # fmt: skip
        created += 1

    # a labour competition / skill contest for the participation rate
    if plan["contest"]:
        contest = Contest.objects.create(
            enterprise=enterprise, kind="competition" if code == "E01" else "skill",
            title="安全生产劳动竞赛" if code == "E01" else "岗位技能比武", held_on=_day(year, 6, 1, today),
        )  # fmt: skip
        contest.participants.set(workers[: round(len(workers) * plan["contest"])])
        created += 1
    return created


@transaction.atomic
def seed(ctx):
    rnd = random.Random(20261127)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    created = 0
    for code, enterprise in sorted(ctx.enterprises.items()):
        if code not in PLAN or Term.objects.filter(enterprise=enterprise).exists():
            continue
        created += _seed_enterprise(rnd, code, enterprise, ctx, today)
    if created:
        audit.record(actor=None, action="democracy.demo_seed", obj=ctx.district, after={"created": created})
    ctx.created += created
    return ctx
