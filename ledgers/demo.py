"""Demo data of the work ledgers: the coal mine (E01) keeps a full safety and training ledger for the
year (each participant with their own hours and role); the power company (E02) keeps its
inspections but misses them in one workshop (调度控制分会, E02-B04), which shows in the findings and
the inspection indicator. Both record their cadres' evaluation, their finance and property check
(the mine's books match, the power company's counted value is 876.40 yuan short) and union news.

Built through the services (every entry audited); idempotent: when the mine has entries, nothing is
created.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from branches.demo import DemoContext
from branches.models import Branch, Worker
from democracy import selectors as democracy_selectors

from . import rules, services
from .models import LedgerEntry

MISSING_WORKSHOP = "E02-B04"  # the power company's workshop without inspection rounds


def _workers(branch: Branch, n: int, offset: int = 0) -> list[Worker]:
    qs = Worker.objects.filter(branch__path__startswith=branch.path, status=Worker.Status.ACTIVE).order_by(
        "id"
    )
    return list(qs[offset : offset + n])


def _quarter_days(today: dt.date) -> list[tuple[int, int, dt.date]]:
    """(year, quarter, a day in it on or before today) from last year's Q4 to the current quarter."""
    days = []
    for year, quarter in [
        (today.year - 1, 4),
        *((today.year, q) for q in range(1, rules.quarter_of(today) + 1)),
    ]:
        start, end = rules.quarter_bounds(year, quarter)
        day = min(start + dt.timedelta(days=20), today)
        if day >= start:
            days.append((year, quarter, day))
    return days


def _inspections(actor, enterprise: Branch, today: dt.date, skip: str = "") -> int:
    n = 0
    shops = Branch.objects.filter(path__startswith=enterprise.path, kind=Branch.Kind.BRANCH, is_active=True)
    for shop in shops.order_by("code"):
        if shop.code == skip:
            continue
        inspectors = _workers(shop, 2)
        for year, quarter, day in _quarter_days(today):
            services.entry_create(
                actor=actor,
                branch=shop,
                kind="safety_inspection",
                date=day,
                title=f"{shop.name}{year}年第{quarter}季度安全检查",
                data={
                    "workshop": shop.pk,
                    "findings_count": quarter % 3,
                    "findings": "巷道支护、电气防爆抽查",
                },
                participants=[(w.pk, None, "劳动保护检查员") for w in inspectors],
            )
            n += 1
    return n


def _mine(ctx: DemoContext, today: dt.date) -> None:
    mine = ctx.enterprises["E01"]
    officer = ctx.users["officer"]
    year = today.year
    jan = dt.date(year, 1, 10) if today >= dt.date(year, 1, 10) else today
    workers = _workers(mine, 40)
    services.entry_create(
        actor=officer, branch=mine, kind="inspector_network", date=jan, title="矿群众安全监督检查网络",
        data={"level": "enterprise", "full_time": 3}, participants=[(w.pk, None, "专职检查员") for w in workers[:3]],
    )  # fmt: skip
    _inspections(officer, mine, today)
    shop = ctx.branches["E01-B01"]
    found = max(jan, today - dt.timedelta(days=60))
    services.entry_create(
        actor=officer, branch=shop, kind="hidden_danger", date=found, title="综采工作面顶板离层",
        data={"workshop": shop.pk, "description": "工作面顶板离层超限", "deadline": found + dt.timedelta(days=7),
              "closed_on": found + dt.timedelta(days=5), "rectification": "加密支护，已复查"},
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=shop, kind="hidden_danger", date=today, title="皮带机保护装置失灵",
        data={"workshop": shop.pk, "description": "跑偏保护失灵", "deadline": today + dt.timedelta(days=10)},
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="family_safety_education", date=jan, title="安全家访与亲情嘱托",
        data={"families": 120, "content": "矿嫂协管员入户宣讲"}, participants=[(w.pk, None, "协管员") for w in workers[3:6]],
    )  # fmt: skip
    for i, (y, q, day) in enumerate(_quarter_days(today)):
        if y != year:
            continue
        services.entry_create(
            actor=officer, branch=mine, kind="training", date=day, title=f"第{q}季度岗位练兵",
            data={"form": "drill", "hours": Decimal("4"), "trainer": "技术科"},
            participants=[(w.pk, Decimal("2") if k == 0 else Decimal("4"), "组长" if k == 1 else "")
                          for k, w in enumerate(workers[6 + i * 5 : 11 + i * 5])],
        )  # fmt: skip
    term = democracy_selectors.current_term(mine, today)
    if term is not None:
        reps = list(democracy_selectors.representatives(term).values_list("worker_id", flat=True))
        day = max(term.elected_on, min(term.elected_on + dt.timedelta(days=30), today))
        services.entry_create(
            actor=officer, branch=mine, kind="representative_training", date=min(day, today),
            title="职工代表履职培训",
            data={"term": term.pk, "occasion": "after_election", "hours": Decimal("8")},
            participants=[(w, Decimal("8"), "") for w in reps],
        )  # fmt: skip
        if day.year != year:  # this year's topic trainings before the congress votes (4 h each)
            for month, topic in ((3, "集体合同草案"), (max(3, min(today.month, 9)), "职工福利方案")):
                services.entry_create(
                    actor=officer, branch=mine, kind="representative_training",
                    date=min(dt.date(year, month, 10), today), title=f"职工代表专题培训：{topic}",
                    data={"term": term.pk, "occasion": "topic", "hours": Decimal("4")},
                    participants=[(w, Decimal("4"), "") for w in reps],
                )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="members_congress", date=max(jan, today - dt.timedelta(days=200)),
        title=f"{year}年会员代表大会",
        data={"attendance": 150, "work_report": True, "funds_review_report": True, "plan_adopted": True},
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="yearly_plan", date=jan, title=f"{year}年职工之家建设计划",
        data={"year": year, "content": "安全之家、学习之家、温暖之家"}, status="adopted",
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="year_summary", date=jan, title=f"{year - 1}年建家工作总结",
        data={"year": year - 1}, status="done",
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="culture_sports", date=max(jan, today - dt.timedelta(days=90)),
        title="职工趣味运动会", data={"form": "sports"}, participants=[(w.pk, None, "") for w in workers[20:35]],
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="mutual_aid_fund", date=jan, title="东山煤矿职工互助储金会",
        data={"form": "savings", "contributions": Decimal("36000"), "payouts": Decimal("12000"), "payout_count": 6},
        participants=[(w.pk, None, "会员") for w in workers[:30]],
    )  # fmt: skip
    _accountability(officer, mine, today, workers, difference=Decimal("0"))
    cadre, family = workers[0], workers[39]
    services.entry_create(
        actor=officer, branch=mine, kind="cadre_pairing", date=jan, title=f"{cadre.name}包保{family.name}家庭",
        data={"cadre": cadre.pk, "family": family.pk},
    )  # fmt: skip
    services.entry_create(
        actor=officer, branch=mine, kind="home_visit", date=max(jan, today - dt.timedelta(days=30)),
        title=f"走访{family.name}家庭", data={"occasion": "pairing", "family": family.pk, "visitors": cadre.name},
    )  # fmt: skip


def _accountability(actor, enterprise: Branch, today: dt.date, workers, *, difference: Decimal) -> None:
    """The union's own accountability: the cadres' evaluation, the finance and property check (the
    counted value short of the books by ``difference``), and union news each quarter."""
    year = today.year
    jan = dt.date(year, 1, 10) if today >= dt.date(year, 1, 10) else today
    services.entry_create(
        actor=actor, branch=enterprise, kind="cadre_evaluation", date=max(jan, today - dt.timedelta(days=45)),
        title=f"{year}年会员评议工会干部", data={"year": year, "cadres": 7, "voters": 120, "satisfied": 111},
    )  # fmt: skip
    services.entry_create(
        actor=actor, branch=enterprise, kind="union_finance", date=max(jan, today - dt.timedelta(days=20)),
        title=f"{year}年工会财务和财产清查",
        data={"year": year, "book_value": Decimal("386500"), "counted_value": Decimal("386500") - difference,
              "independent_account": True, "findings": "经费独立核算，固定资产逐项盘点"},
    )  # fmt: skip
    for y, q, day in _quarter_days(today):
        if y == year:
            services.entry_create(
                actor=actor, branch=enterprise, kind="information_work", date=day,
                title=f"第{q}季度工会信息报送", data={"form": "submitted", "items": 2, "outlet": "区总工会"},
            )  # fmt: skip
    if workers:
        services.entry_create(
            actor=actor, branch=enterprise, kind="democratic_life", date=jan, title=f"{year}年工会委员会民主生活会",
            data={"topic": "查找工作不足"}, participants=[(w.pk, None, "委员") for w in workers[:5]],
        )  # fmt: skip


def _power(ctx: DemoContext, today: dt.date) -> None:
    company = ctx.enterprises["E02"]
    officer = ctx.users["officer_b"]
    jan = dt.date(today.year, 1, 10) if today >= dt.date(today.year, 1, 10) else today
    services.entry_create(
        actor=officer, branch=company, kind="inspector_network", date=jan, title="公司劳动保护监督检查网络",
        data={"level": "enterprise", "full_time": 1},
        participants=[(w.pk, None, "兼职检查员") for w in _workers(company, 2)],
    )  # fmt: skip
    _inspections(officer, company, today, skip=MISSING_WORKSHOP)
    _accountability(officer, company, today, [], difference=Decimal("876.40"))


@transaction.atomic
def seed(ctx: DemoContext) -> DemoContext:
    mine = ctx.enterprises.get("E01")
    if mine is None or LedgerEntry.objects.filter(branch__path__startswith=mine.path).exists():
        return ctx
    today = timezone.localdate()
    _mine(ctx, today)
    if "E02" in ctx.enterprises:
        _power(ctx, today)
    return ctx
