"""Demo committees, workshop posts, leadership groups and union funds.

Made so that the dashboard shows every kind of finding while the coal mine (E01, 东山煤矿工会)
meets the standard: its three committees were elected together and are in term, its funds were
remitted on time and it has a leadership group. The power-supply company (E02) lacks its women
workers' committee (it has well over 50 women workers), remitted its funds late, has a branch
whose term ends soon and a workshop with vacant posts; the grain bureau (E03) is overdue for
re-election, its funds are outstanding and it has no leadership group.

Dates are relative to the day it runs, so the demo tells the same story whenever it is seeded.
Idempotent: a committee that already has terms, a unit that has posts, a group or the year's
funds is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from unionhome import audit

from .. import rules
from ..models import (
    Branch,
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    Term,
    Worker,
    WorkshopPost,
)

Kind = Committee.Kind
Position = CommitteeSeat.Position

RESPONSIBILITIES = (
    "负责职工之家建设的规划、组织和考核评定；\n"
    "领导小组下设办公室，负责建家日常管理工作，协调创建工作的具体事项；\n"
    "各分会每季进行一次自检自查，矿工会半年进行一次检查初评、全年进行一次总评。"
)


def _years_ago(today: dt.date, years: int, days: int = 0) -> dt.date:
    try:
        day = today.replace(year=today.year - years)
    except ValueError:
        day = today.replace(year=today.year - years, day=28)
    return day - dt.timedelta(days=days)


def _people(branch: Branch, count: int) -> list[Worker]:
    return list(
        Worker.objects.filter(branch__path__startswith=branch.path, status=Worker.Status.ACTIVE).order_by(
            "id"
        )[:count]
    )


def _woman(branch: Branch, skip: int = 0) -> Worker | None:
    return (
        Worker.objects.filter(
            branch__path__startswith=branch.path, status=Worker.Status.ACTIVE, gender=Worker.Gender.FEMALE
        )
        .order_by("id")[skip : skip + 1]
        .first()
    )


def _committee(branch: Branch, kind: str, elections: list[dt.date], seats: list[tuple[Worker, str]]) -> int:
    """A committee with one term per election date (each ending where the next begins)."""
    committee, created = Committee.objects.get_or_create(
        branch=branch, kind=kind, defaults={"established_on": elections[0]}
    )
    if committee.terms.exists():
        return int(created)
    years = settings.UNIONHOME["COMMITTEE_TERM_YEARS"]
    term = None
    for number, elected in enumerate(elections, start=1):
        following = elections[number] if number < len(elections) else None
        end = following - dt.timedelta(days=1) if following else rules.term_default_end(elected, years)
        term = Term.objects.create(
            committee=committee, number=number, elected_on=elected, start=elected, end=end
        )
    CommitteeSeat.objects.bulk_create(
        CommitteeSeat(term=term, worker=worker, position=position, start=term.start)
        for worker, position in seats
    )
    return int(created) + len(elections) + len(seats)


def _union_seats(people: list[Worker]) -> list[tuple[Worker, str]]:
    positions = [Position.CHAIR, Position.VICE_CHAIR] + [Position.MEMBER] * (len(people) - 2)
    return list(zip(people, positions, strict=False))


def _enterprise_committees(
    enterprise: Branch, elected: dt.date, *, women_body: str | None, previous: dt.date | None
) -> int:
    people = _people(enterprise, 9)
    elections = [previous, elected] if previous else [elected]
    created = _committee(enterprise, Kind.UNION, elections, _union_seats(people[:7]))
    created += _committee(
        enterprise,
        Kind.FUNDS_REVIEW,
        elections,
        [(people[7], Position.FUNDS_REVIEW_DIRECTOR), (people[8], Position.MEMBER)],
    )
    if women_body:
        head = _woman(enterprise)
        deputy = _woman(enterprise, 1)
        created += _committee(
            enterprise,
            women_body,
            elections,
            [(head, Position.WOMEN_DIRECTOR), (deputy, Position.VICE_DIRECTOR)] if head and deputy else [],
        )
    return created


def _women_body(branch: Branch, elected: dt.date) -> int:
    """The women workers' committee or group the branch's number of women workers calls for."""
    t = settings.UNIONHOME
    women = Worker.objects.filter(
        branch__path__startswith=branch.path, status=Worker.Status.ACTIVE, gender=Worker.Gender.FEMALE
    ).count()
    body = rules.women_body_required(
        women, committee_min=t["WOMEN_COMMITTEE_MIN"], group_min=t["WOMEN_GROUP_MIN"]
    )
    kind = rules.women_body_kind(body)
    head = _woman(branch)
    if kind is None or head is None:
        return 0
    position = Position.WOMEN_DIRECTOR if kind == Kind.WOMEN else Position.WOMEN_GROUP_LEADER
    return _committee(branch, kind, [elected], [(head, position)])


def _posts(branch: Branch, vacant: tuple[str, ...], since: dt.date) -> int:
    if WorkshopPost.objects.filter(branch=branch).exists():
        return 0
    people = iter(_people(branch, len(WorkshopPost.Post.values)))
    rows = []
    for post in WorkshopPost.Post.values:
        holder = None if post in vacant else next(people, None)
        rows.append(WorkshopPost(branch=branch, post=post, holder=holder, since=since if holder else None))
    WorkshopPost.objects.bulk_create(rows)
    return len(rows)


def _leadership(branch: Branch, established: dt.date, office: str) -> int:
    if LeadershipGroup.objects.filter(branch=branch).exists():
        return 0
    group = LeadershipGroup.objects.create(
        branch=branch,
        name="职工之家建设考核评定领导小组",
        established_on=established,
        office=office,
        responsibilities=RESPONSIBILITIES,
    )
    roles = [
        (LeadershipMember.Role.LEADER, "全面负责建家工作"),
        (LeadershipMember.Role.DEPUTY, "协助组长，分管考核评定"),
        (LeadershipMember.Role.MEMBER, "民主管理与厂务公开"),
        (LeadershipMember.Role.MEMBER, "困难职工帮扶"),
        (LeadershipMember.Role.OFFICE_DIRECTOR, "建家日常管理工作"),
        (LeadershipMember.Role.OFFICE_MEMBER, "台账、档案"),
    ]
    people = _people(branch, len(roles))
    LeadershipMember.objects.bulk_create(
        LeadershipMember(group=group, worker=w, role=role, duties=duties)
        for w, (role, duties) in zip(people, roles, strict=False)
    )
    return 1 + len(people)


def _funds(
    branch: Branch, year: int, due: Decimal, due_on: dt.date, payments, today: dt.date, note=""
) -> int:
    if FundsRemittance.objects.filter(branch=branch, year=year).exists():
        return 0
    remittance = FundsRemittance.objects.create(
        branch=branch, year=year, amount_due=due, due_on=due_on, note=note
    )
    FundsPayment.objects.bulk_create(
        FundsPayment(remittance=remittance, amount=amount, paid_on=min(day, today), reference=ref)
        for day, amount, ref in payments
    )
    return 1 + len(payments)


@transaction.atomic
def seed(ctx):
    today = timezone.localdate()
    e01, e02, e03 = (ctx.enterprises[c] for c in ("E01", "E02", "E03"))
    created = 0

    # Enterprises: E01 elected all three together two years ago (its second term); E02 has no
    # women workers' committee; E03's term ended 40 days ago (re-election overdue).
    e01_elected = _years_ago(today, 2, 160)
    created += _enterprise_committees(
        e01, e01_elected, women_body=Kind.WOMEN, previous=_years_ago(e01_elected, 5)
    )
    created += _enterprise_committees(e02, _years_ago(today, 1, 75), women_body=None, previous=None)
    created += _enterprise_committees(
        e03, _years_ago(today - dt.timedelta(days=39), 5), women_body=Kind.WOMEN, previous=None
    )

    # Branch committees: in term, one due for re-election within the warning period.
    for code, branch in sorted(ctx.branches.items()):
        if code == "E02-B01":
            elected = _years_ago(today, 5) + dt.timedelta(days=61)  # ends in 60 days
        else:
            elected = _years_ago(today, 1 + int(code[-1]) % 3, 30)
        created += _committee(branch, Kind.UNION, [elected], _union_seats(_people(branch, 3)))
        created += _women_body(branch, elected)
        vacant = ("publicity", "culture") if code == "E02-B02" else ()
        created += _posts(branch, vacant, elected)

    created += _leadership(e01, _years_ago(today, 2), "设在矿工会，办公室主任由矿工会副主席担任")
    created += _leadership(e02, _years_ago(today, 1), "设在公司工会")

    # Union funds of the current year: E01 on time, E02 late, E03 outstanding.
    year = today.year
    due_on = max(dt.date(year, 1, 31), today - dt.timedelta(days=60))
    created += _funds(
        e01, year, Decimal("612000.00"), due_on,
        [(due_on - dt.timedelta(days=40), Decimal("306000.00"), "上解第一笔"),
         (due_on - dt.timedelta(days=5), Decimal("306000.00"), "上解第二笔")],
        today,
    )  # fmt: skip
    created += _funds(
        e02, year, Decimal("408000.00"), due_on,
        [(due_on - dt.timedelta(days=10), Decimal("200000.00"), "上解第一笔"),
         (due_on + dt.timedelta(days=21), Decimal("208000.00"), "补缴")],
        today, note="逾期补缴",
    )  # fmt: skip
    created += _funds(
        e03, year, Decimal("186000.00"), due_on,
        [(due_on - dt.timedelta(days=12), Decimal("90000.00"), "上解第一笔")],
        today,
    )  # fmt: skip

    if created:
        audit.record(actor=None, action="demo.seed_committees", obj=ctx.district, after={"created": created})
    ctx.created += created
    return ctx
