"""Demo data of the real-name facts and of membership transfers (会员关系转接).

Runs after ``branches.demo.organisation.seed``. Idempotent: the real-name facts are filled only
where empty, and each demo transfer is recognised by its reason, so a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from .. import rules, services
from ..models import MembershipTransfer, Worker
from .organisation import DEMO_WORKER, DemoContext

# Stored as the services store them (trimmed, full-width punctuation kept), so a second run recognises them.
REASON_ACCEPTED = rules.normalise_text("调入城东供电公司工作（演示）")
REASON_PENDING = rules.normalise_text("随家属调动，申请转入供电公司工会（演示）")
REASON_REFUSED = rules.normalise_text("拟调入供电公司，岗位未落实（演示）")

# Rough shares of the closed sets among the demo workers (codes of branches.rules).
_ETHNIC = [("01", 90), ("03", 5), ("11", 2), ("02", 2), ("08", 1)]
_POLITICAL = [("13", 55), ("01", 25), ("03", 15), ("02", 3), ("05", 2)]
_EDUCATION = [("20", 30), ("30", 30), ("40", 15), ("60", 15), ("70", 7), ("14", 3)]
_PLACES = (
    "山西省太原市小店区",
    "山西省太原市迎泽区",
    "山西省大同市平城区",
    "山西省晋中市榆次区",
    "河北省石家庄市长安区",
)


def _pick(rnd: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rnd.choices([c for c, _w in weighted], weights=[w for _c, w in weighted])[0]


def _real_name_facts(rnd: random.Random) -> int:
    """Fill the real-name facts of demo workers that have none yet (one bulk update)."""
    rows = list(Worker.objects.filter(ethnic_group="").order_by("id"))
    for w in rows:
        w.ethnic_group = _pick(rnd, _ETHNIC)
        w.political_status = _pick(rnd, _POLITICAL)
        w.education = _pick(rnd, _EDUCATION)
        w.household_place = rnd.choice(_PLACES)
        w.household_type = (
            "rural"
            if w.employment_type == Worker.EmploymentType.MIGRANT
            else rnd.choice(("urban", "urban", "rural"))
        )
    fields = ["ethnic_group", "political_status", "education", "household_place", "household_type"]
    Worker.objects.bulk_update(rows, fields, batch_size=500)
    return len(rows)


def _candidates(ctx: DemoContext) -> list[Worker]:
    """Active members of the coal mine never transferred, in a stable order (the portal's worker excluded)."""
    return list(
        Worker.objects.filter(
            branch__path__startswith=ctx.enterprises["E01"].path, status=Worker.Status.ACTIVE, is_member=True
        )
        .exclude(id_number=DEMO_WORKER["id_number"])
        .exclude(transfers__isnull=False)
        .order_by("id")[:50]
    )


@transaction.atomic
def seed(ctx: DemoContext) -> DemoContext:
    rnd = random.Random(20260901)
    ctx.created += _real_name_facts(rnd)
    officer, officer_b = ctx.users["officer"], ctx.users["officer_b"]
    power = ctx.enterprises["E02"]
    receiving = ctx.branches.get("E02-B01", power)
    done = set(MembershipTransfer.objects.filter(
        reason__in=(REASON_ACCEPTED, REASON_PENDING, REASON_REFUSED)
    ).values_list("reason", flat=True))  # fmt: skip
    pool = _candidates(ctx)
    rnd.shuffle(pool)
    today = timezone.localdate()
    for reason in (REASON_ACCEPTED, REASON_PENDING, REASON_REFUSED):
        if reason in done or not pool:
            continue
        worker = pool.pop()
        transfer = services.transfer_start(actor=officer, worker=worker, to_unit=power, reason=reason)
        if reason == REASON_ACCEPTED:
            services.transfer_apply(
                actor=officer_b,
                transfer=transfer,
                action="accept",
                to_branch=receiving,
                effective_on=today - dt.timedelta(days=40),
                comment="同意接收",
            )
        elif reason == REASON_REFUSED:
            services.transfer_apply(
                actor=officer_b, transfer=transfer, action="refuse", comment="岗位尚未落实"
            )
        ctx.created += 1
    return ctx
