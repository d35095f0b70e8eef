"""Shared set-up of the benchmarks: a throwaway database, migrated, small timing helpers, and the
generated federation of bench/federation_pages.py and bench/load.py (``generate_federation``).

The benchmark database comes from BENCH_DATABASE_URL (default: a temporary SQLite file); it is
never the development database. Figures are printed as ratios to a baseline measured in the same
run, so that they compare across machines.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django() -> str:
    sys.path.insert(0, str(ROOT))
    url = (
        os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{tempfile.mkdtemp(prefix='unionhome-bench-')}/bench.sqlite3"
    )
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhome.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


@contextmanager
def timed(results: dict, name: str, *, memory: bool = False):
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        results[name] = time.perf_counter() - start
        if memory:
            _cur, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            results[f"{name}_peak_mb"] = peak / 1e6


def best_of(n: int, func) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def pg_admin(url: str, *statements: str) -> None:
    """Run statements that cannot run in a transaction (CREATE/DROP DATABASE) on a PostgreSQL URL."""
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def federation_shape(workers: int) -> dict[str, int]:
    """The tree for a size: about one unit per 50 workers, at least 60."""
    units = max(60, workers // 50)
    enterprises = max(2, units // 5)  # each with four branches
    districts = max(2, enterprises // 200)
    cities = max(1, districts // 5)
    return {"cities": cities, "districts": districts, "enterprises": enterprises, "branches": 4 * enterprises}


# --- the generated federation (bench/federation_pages.py, bench/load.py) -------------------------


def generate_federation(workers: int) -> dict:
    """Write the generated federation of `workers` workers into the configured database (Django set
    up, the database migrated and empty); return what the measurements need (units, users, probe)."""
    from django.db import connection, transaction

    from branches import counters
    from branches.models import Appointment, Branch, Committee, Term, Worker
    from branches.rules import id_check_character
    from branches.services import refresh_findings
    from hardship.models import Campaign
    from tests.hardship.factories import application_in
    from unionhome import bulkcopy
    from unionhome.models import User

    s = federation_shape(workers)
    started = time.perf_counter()
    nodes: list[Branch] = []

    def node(parent: Branch | None, index: int, code: str, kind: str, name: str) -> Branch:
        depth = 1 if parent is None else parent.depth + 1
        path = Branch._get_path(None if parent is None else parent.path, depth, index)
        branch = Branch(code=code, name=name, kind=kind, path=path, depth=depth, numchild=0)
        if parent is not None:
            parent.numchild += 1
        nodes.append(branch)
        return branch

    province = node(None, 1, "P", "province", "测试省总工会")
    cities = [node(province, c + 1, f"C{c:03d}", "city", f"第{c}市总工会") for c in range(s["cities"])]
    districts = [
        node(cities[d % len(cities)], d // len(cities) + 1, f"D{d:04d}", "district", f"第{d}区总工会")
        for d in range(s["districts"])
    ]
    enterprises, branches = [], []
    for e in range(s["enterprises"]):
        district = districts[e % len(districts)]
        ent = node(district, e // len(districts) + 1, f"E{e:06d}", "enterprise", f"第{e}企业工会")
        enterprises.append(ent)
        for b in range(4):
            branches.append(node(ent, b + 1, f"E{e:06d}B{b}", "branch", f"第{e}企业第{b}分会"))
    with transaction.atomic():
        Branch.objects.bulk_create(nodes, batch_size=2000)
    ids = dict(Branch.objects.values_list("code", "pk"))
    branch_ids = [ids[b.code] for b in branches]

    kinds = [Worker.EmploymentType.REGULAR] * 6 + [Worker.EmploymentType.DISPATCHED] * 2
    kinds += [Worker.EmploymentType.MIGRANT] * 2
    born = dt.date(1960, 1, 1)

    def worker(n: int) -> Worker:
        birth = born + dt.timedelta(days=n // 1000)
        first17 = f"110101{birth:%Y%m%d}{n % 1000:03d}"
        member, card = n % 10 != 0, n % 10 not in (0, 1)
        return Worker(
            name=f"职工{n}", gender="F" if n % 2 else "M", id_number=first17 + id_check_character(first17),
            phone=f"138{n:08d}", employment_type=kinds[n % 10], branch_id=branch_ids[n % len(branch_ids)],
            hire_date=dt.date(2015, 1, 1) + dt.timedelta(days=n % 3000), is_member=member,
            member_since=dt.date(2016, 1, 1) if member else None, card_number=f"HZ{n:08d}" if card else "",
            card_issued=card,
        )  # fmt: skip

    rows = (worker(n) for n in range(workers))
    with transaction.atomic():
        if bulkcopy.available():
            staging = bulkcopy.Staging(Worker, with_pk=False)
            staging.copy(rows)
            staging.insert()
            staging.drop()
        else:
            while batch := [w for _, w in zip(range(5000), rows, strict=False)]:
                Worker.objects.bulk_create(batch, batch_size=1000)
    # Committees with terms, about three per unit as in a real federation (at 1,000,000 workers
    # ~60,000): a union and a funds review committee in every unit, a women workers' committee (a
    # group in a branch); one or two terms each, the last ending from two years ago to five years
    # ahead, so that the term calendar has overdue and upcoming ends across the tree.
    today = dt.date.today()
    committees = [
        Committee(branch_id=ids[b.code], kind=kind)
        for b in nodes
        for kind in ("union", "funds_review", "women_group" if b.kind == "branch" else "women")
    ]
    with transaction.atomic():
        Committee.objects.bulk_create(committees, batch_size=2000)
        terms = []
        for n, pk in enumerate(Committee.objects.order_by("pk").values_list("pk", flat=True)):
            end = today + dt.timedelta(days=(n * 37) % 2555 - 730)
            for number, last in enumerate((end - dt.timedelta(days=1826), end)[n % 2 :], start=1):
                start = last - dt.timedelta(days=1825)
                terms.append(Term(committee_id=pk, number=number, elected_on=start, start=start, end=last))
            if len(terms) >= 5000:
                Term.objects.bulk_create(terms)
                terms = []
        Term.objects.bulk_create(terms)
    with transaction.atomic():
        every = list(Branch.objects.values_list("pk", flat=True))
        for i in range(0, len(every), 2000):
            counters.recount(every[i : i + 2000])
    counters.fold()  # as the minute's fold does: the subtree counters of every unit
    if connection.vendor == "postgresql":
        # the planner's statistics of the fresh rows, as autovacuum would gather them after a load
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    written = time.perf_counter() - started

    # The measured users: a reviewer of the province, of the first city and of its first district,
    # the officers of the first enterprise (in that district) and of its first branch, so that the
    # probe worker below is in every one's scope. Each reviewer has a campaign of its own federation
    # (the province's: 20 reported applications; a city's or a district's: 10), and "below" is the
    # first unit under its own (what its unit page shows).
    Role = Appointment.Role
    first_district = districts[0]  # under cities[0]; enterprises[0] is under it
    users, campaigns, below = {}, {}, {}
    for key, unit, role, child in (
        ("province reviewer", province, Role.DISTRICT_REVIEWER, cities[0]),
        ("city reviewer", cities[0], Role.DISTRICT_REVIEWER, first_district),
        ("district reviewer", first_district, Role.DISTRICT_REVIEWER, enterprises[0]),
        ("enterprise officer", enterprises[0], Role.UNION_OFFICER, None),
        ("branch officer", branches[0], Role.BRANCH_OFFICER, None),
    ):
        user = User.objects.create_user(key.replace(" ", "_"), password=None)
        Appointment.objects.create(user=user, branch_id=ids[unit.code], role=role)
        users[key] = (user.pk, ids[unit.code])
        below[key] = ids[(child or unit).code]
        if role != Role.DISTRICT_REVIEWER:
            continue
        campaign = Campaign.objects.create(
            branch_id=ids[unit.code],
            name="送温暖" if unit is province else f"{unit.name}送温暖",
            year=2026,
            line=780,
            deadline=dt.datetime(2026, 12, 30, 9, 30, tzinfo=dt.UTC),
        )
        applicants = Worker.objects.filter(branch_id=branch_ids[0]).order_by("pk")
        for w in applicants[: 20 if unit is province else 10]:
            application_in(campaign, w, "reported")
        campaigns[key] = campaign.pk
    probe = Worker.objects.filter(branch_id=branch_ids[0]).order_by("pk").first()
    # The findings table, as its periodic refresh keeps it (docs/SCALING.md, "Findings").
    started = time.perf_counter()
    run = refresh_findings()
    findings_s = time.perf_counter() - started
    return {
        "committees": len(committees),
        "findings_s": round(findings_s, 1),
        "findings": run.findings,
        "shape": s,
        "units": len(nodes),
        "workers": Worker.objects.count(),
        "write_s": round(written, 1),
        "users": users,
        "campaign": campaigns["province reviewer"],
        "campaigns": campaigns,
        "below": below,
        "district": ids[first_district.code],
        "probe": {"pk": probe.pk, "name": probe.name, "id_number": probe.id_number},
    }
