"""Demo data of hardship relief: an open campaign with applications in every state of the way,
and last year's closed campaign whose family still has an open hardship file.

Built through the services (so every step has its Transition row and audit event); idempotent:
when the campaigns exist, nothing is created.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from branches.demo import DemoContext
from branches.models import Worker
from unionhome.workflow import SYSTEM

from . import services
from .models import Campaign

LINE = Decimal("780")

# (enterprise, target state, primary cause, self income, spouse income, children, description)
PLAN = [
    ("E01", "draft", "low_income", "1600", "0", 1, "爱人无固定工作，孩子读初中。"),
    ("E01", "submitted", "major_illness", "2600", "800", 1, "爱人患尿毒症，每周透析三次。"),
    ("E01", "approved", "child_in_school", "2100", "1200", 2, "两个孩子上大学，学费负担重。"),
    ("E01", "on_notice", "disability", "2300", "600", 1, "本人工伤致残，收入下降。"),
    ("E01", "notice_ended", "major_illness", "3000", "1500", 1, "孩子患白血病，正在化疗。"),
    ("E01", "reported", "low_income", "1500", "500", 1, "家庭收入低，老人需要赡养。"),
    ("E01", "district_approved", "accident", "2800", "2000", 1, "家中房屋因暴雨倒塌。"),
    ("E01", "relief_delivered", "single_parent", "2200", "0", 1, "单亲家庭，独自抚养孩子。"),
    ("E01", "rejected", "low_income", "1600", "900", 1, "家庭收入低。"),
    ("E02", "submitted", "major_illness", "3200", "1500", 1, "本人患肺癌，术后化疗。"),
    ("E02", "on_notice", "child_in_school", "2000", "1500", 1, "孩子读高中，爱人下岗。"),
    ("E02", "reported", "major_illness", "3500", "2000", 1, "父亲脑梗瘫痪在床。"),
    ("E02", "district_rejected", "low_income", "2400", "1800", 1, "家庭收入偏低。"),
    ("E02", "relief_delivered", "disability", "1800", "0", 1, "爱人重度残疾，无劳动能力。"),
]

PATH = {
    "draft": [],
    "submitted": ["submit"],
    "returned": ["submit", "return"],
    "approved": ["submit", "approve"],
    "on_notice": ["submit", "approve", "publish"],
    "notice_ended": ["submit", "approve", "publish", "end_notice"],
    "reported": ["submit", "approve", "publish", "end_notice", "report"],
    "district_approved": ["submit", "approve", "publish", "end_notice", "report", "district_approve"],
    "district_rejected": ["submit", "approve", "publish", "end_notice", "report", "district_reject"],
    "relief_delivered": ["submit", "approve", "publish", "end_notice", "report", "district_approve"],
    "rejected": ["submit", "approve", "publish", "object", "uphold"],
}
COMMENTS = {
    "return": "请补交户口本复印件和爱人的诊断证明书。",
    "object": "有同事反映其家中有商铺出租收入。",
    "uphold": "经核实，家庭另有租金收入，不符合条件。",
    "district_reject": "家庭人均收入超出第一类标准，且无特殊原因。",
}


def _deadline(year: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, 12, 30, 17, 30))


def _members(worker: Worker, self_income: str, spouse_income: str, children: int, cause: str) -> list[dict]:
    rows = [
        {"relation": "self", "name": worker.name, "id_number": worker.id_number, "monthly_income": Decimal(self_income),
         "unmarried": False, "in_school": False, "disabled": cause == "disability", "ill": False},
    ]  # fmt: skip
    if cause != "single_parent":
        rows.append(
            {"relation": "spouse", "name": worker.name[0] + "妻" if worker.gender == "M" else worker.name[0] + "夫",
             "id_number": "", "monthly_income": Decimal(spouse_income), "unmarried": False, "in_school": False,
             "disabled": False, "ill": cause == "major_illness"}
        )  # fmt: skip
    for i in range(children):
        rows.append(
            {"relation": "child", "name": f"{worker.name[0]}小{'明亮'[i % 2]}", "id_number": "",
             "monthly_income": Decimal("0"), "unmarried": True, "in_school": True, "disabled": False, "ill": False}
        )  # fmt: skip
    return rows


def _apply(
    ctx, campaign, worker, *, cause, self_income, spouse_income, children, description, actors, now=None
):
    applicant = worker.user if hasattr(worker, "user") else None
    actor = applicant or actors["clerk"]
    application = services.application_create(
        actor=actor, campaign=campaign, worker=None if applicant else worker
    )
    others = ["child_in_school"] if children and cause not in ("child_in_school",) else []
    big = cause in ("major_illness", "accident")
    services.application_save(
        actor=actor,
        application=application,
        data={
            "marital_status": "single_parent" if cause == "single_parent" else "married",
            "primary_cause": cause,
            "other_causes": others,
            "government_aid": Decimal("0"),
            "medical_self_paid": Decimal("26000") if big else Decimal("0"),
            "property_loss": Decimal("0"),
            "description": description,
        },
        members=_members(worker, self_income, spouse_income, children, cause),
        consent=True,
    )
    return application, actor


def _walk(application, steps, *, applicant, officer, district, today, now):
    for action in steps:
        if action in ("submit", "resubmit"):
            actor = applicant
        elif action.startswith("district"):
            actor = district
        else:
            actor = officer
        step_today = today
        if action == "end_notice":
            step_today = application.notice_end + dt.timedelta(days=1)
            actor = SYSTEM
        if action == "object":
            services.record_objection(
                actor=officer, application=application, received_on=today, content=COMMENTS["object"]
            )
            continue
        if action == "uphold":
            services.resolve_objection(
                actor=officer, application=application, upheld=True, resolution=COMMENTS["uphold"]
            )
            continue
        application = services.transition(
            actor=actor,
            application=application,
            action=action,
            comment=COMMENTS.get(action, ""),
            today=step_today,
            now=now,
        )
    return application


def _pick(rnd: random.Random, enterprise, taken: set[int]) -> Worker:
    candidates = list(
        Worker.objects.filter(
            branch__path__startswith=enterprise.path, status=Worker.Status.ACTIVE, user__isnull=True
        )
        .exclude(pk__in=taken)
        .order_by("pk")[:400]
    )
    worker = rnd.choice(candidates)
    taken.add(worker.pk)
    return worker


@transaction.atomic
def seed(ctx: DemoContext) -> DemoContext:
    district = ctx.users["district"]
    today = timezone.localdate()
    year = today.year if timezone.now() < _deadline(today.year) else today.year + 1
    open_name = f"{year}年元旦春节送温暖"
    old_name = f"{year - 1}年元旦春节送温暖"
    if Campaign.objects.filter(branch=ctx.district, name__in=[open_name, old_name]).exists():
        return ctx
    rnd = random.Random(6)
    taken: set[int] = set()
    officers = {"E01": ctx.users["officer"], "E02": ctx.users["officer_b"]}

    # Last year's campaign: one family helped, its file still open and reviewed once.
    old = services.campaign_create(
        actor=district,
        district=ctx.district,
        name=old_name,
        year=year - 1,
        line=LINE,
        deadline=_deadline(year - 1),
    )
    old_today = dt.date(year - 1, 12, 10)
    old_now = timezone.make_aware(dt.datetime(year - 1, 12, 20, 10, 0))
    veteran = _pick(rnd, ctx.enterprises["E01"], taken)
    application, clerk = _apply(
        ctx, old, veteran, cause="major_illness", self_income="2600", spouse_income="900", children=1,
        description="爱人患乳腺癌，术后长期服药。", actors={"clerk": officers["E01"]},
    )  # fmt: skip
    application = _walk(
        application, PATH["district_approved"], applicant=clerk, officer=officers["E01"], district=district,
        today=old_today, now=old_now,
    )  # fmt: skip
    services.record_relief(
        actor=district, application=application, form="money", amount=Decimal("2000"),
        delivered_on=dt.date(year - 1, 12, 28), delivered_by="区总工会 帮扶中心",
    )  # fmt: skip
    file = veteran.hardship_files.get()
    services.file_review(
        actor=officers["E01"], file=file, on=min(today, dt.date(year, 3, 20)), situation="爱人病情稳定，仍需长期服药。",
        note="春季走访",
    )  # fmt: skip
    services.campaign_close(actor=district, campaign=old)
    services.send_review_reminders(today=today)  # the officers' reminder of the overdue review

    # This year's campaign: open, applications in every state of the way.
    campaign = services.campaign_create(
        actor=district, district=ctx.district, name=open_name, year=year, line=LINE, deadline=_deadline(year)
    )
    now = timezone.now()
    for code, state, cause, self_income, spouse_income, children, description in PLAN:
        officer = officers[code]
        worker = _pick(rnd, ctx.enterprises[code], taken)
        application, clerk = _apply(
            ctx, campaign, worker, cause=cause, self_income=self_income, spouse_income=spouse_income,
            children=children, description=description, actors={"clerk": officer},
        )  # fmt: skip
        application = _walk(
            application,
            PATH[state],
            applicant=clerk,
            officer=officer,
            district=district,
            today=today,
            now=now,
        )
        if state == "relief_delivered":
            services.record_relief(
                actor=district, application=application, form="money", amount=Decimal("1500"),
                delivered_on=today, delivered_by="区总工会 帮扶中心",
            )  # fmt: skip

    # The portal's demo worker: returned for a missing document, waiting for the answer.
    me = ctx.users["worker"]
    application = services.application_create(actor=me, campaign=campaign)
    services.application_save(
        actor=me,
        application=application,
        data={"marital_status": "married", "primary_cause": "major_illness", "other_causes": ["child_in_school"],
              "government_aid": Decimal("0"), "medical_self_paid": Decimal("32000"), "property_loss": Decimal("0"),
              "description": "爱人今年确诊胃癌，手术和化疗自付3万余元；孩子读高中。"},
        members=_members(me.worker, "2900", "0", 1, "major_illness"),
        consent=True,
    )  # fmt: skip
    _walk(
        application,
        PATH["returned"],
        applicant=me,
        officer=officers["E01"],
        district=district,
        today=today,
        now=now,
    )
    ctx.created += 1
    return ctx
