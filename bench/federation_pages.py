"""Office pages at federation size: query count and median time against a trivial page.

```sh
.venv/bin/python bench/federation_pages.py --workers 3000,100000,1000000   # DATABASE_URL: PostgreSQL
.venv/bin/python bench/federation_pages.py --workers 3000,20000              # a temporary SQLite file
```

For each size, a fresh database (PostgreSQL: ``CREATE DATABASE … TEMPLATE`` of a migrated one;
SQLite: a copy of a migrated file) gets a generated federation: one province → cities → districts
→ enterprises → four branches each, about one unit per 50 workers (1,000,000 workers in ~20,000
units), the workers spread over the branches. Rows are written fast: the workers with ``COPY``
through ``unionhome.bulkcopy`` on PostgreSQL, ``bulk_create`` on SQLite; the units with
``bulk_create`` and their tree paths computed up front; the per-unit counters filled with
``counters.recount``. A hardship campaign at the province holds 20 reported applications. Last,
the findings table is filled as its periodic refresh does (``services.refresh_findings``, timed).

Then, in the same process, for a province reviewer, an enterprise officer and a branch officer
(Django test client, logged in, production settings), every office page is requested once to warm
up and 5 times timed: its query count and median time are printed, the time as a ratio to the
privacy page (session and user only) measured in the same run. A page whose queries or ratio grow
with the size is a finding (bench/README.md). Nothing here is a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REPEAT = 5
ENV = {
    "DJANGO_DEBUG": "0",  # production mode: no query logging in the cursor wrapper
    "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "UNIONHOME_REQUIRE_2FA": "0",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "LOG_LEVEL": "WARNING",
}


def shape(workers: int) -> dict[str, int]:
    """The tree for a size: about one unit per 50 workers, at least 60."""
    units = max(60, workers // 50)
    enterprises = max(2, units // 5)  # each with four branches
    districts = max(2, enterprises // 200)
    cities = max(1, districts // 5)
    return {"cities": cities, "districts": districts, "enterprises": enterprises, "branches": 4 * enterprises}


# --- the generator (runs in the child, Django set up) --------------------------------------------


def generate(workers: int) -> dict:
    from django.db import transaction

    from branches import counters, services
    from branches.models import Appointment, Branch, Worker
    from branches.rules import id_check_character
    from hardship.models import Campaign
    from tests.hardship.factories import application_in
    from unionhome import bulkcopy
    from unionhome.models import User

    s = shape(workers)
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
    with transaction.atomic():
        every = list(Branch.objects.values_list("pk", flat=True))
        for i in range(0, len(every), 2000):
            counters.recount(every[i : i + 2000])
    written = time.perf_counter() - started

    Role = Appointment.Role
    users = {}
    for key, unit, role in (
        ("province reviewer", province, Role.DISTRICT_REVIEWER),
        ("enterprise officer", enterprises[0], Role.UNION_OFFICER),
        ("branch officer", branches[0], Role.BRANCH_OFFICER),
    ):
        user = User.objects.create_user(key.replace(" ", "_"), password=None)
        Appointment.objects.create(user=user, branch_id=ids[unit.code], role=role)
        users[key] = (user.pk, ids[unit.code])
    campaign = Campaign.objects.create(
        branch_id=ids["P"],
        name="送温暖",
        year=2026,
        line=780,
        deadline=dt.datetime(2026, 12, 30, 9, 30, tzinfo=dt.UTC),
    )
    for w in Worker.objects.filter(branch_id=branch_ids[0])[:20]:
        application_in(campaign, w, "reported")
    probe = Worker.objects.filter(branch_id=branch_ids[0]).order_by("pk").first()
    # The findings table, as the periodic refresh keeps it (docs/SCALING.md, "Findings").
    started = time.perf_counter()
    run = services.refresh_findings()
    findings_s = time.perf_counter() - started
    return {
        "findings_s": round(findings_s, 1),
        "findings": run.findings,
        "shape": s,
        "units": len(nodes),
        "workers": Worker.objects.count(),
        "write_s": round(written, 1),
        "users": users,
        "campaign": campaign.pk,
        "district": ids[districts[0].code],
        "probe": {"name": probe.name, "id_number": probe.id_number},
    }


# --- the measurement -------------------------------------------------------------------------------


def pages(role: str, facts: dict) -> dict[str, str]:
    from django.urls import reverse

    from branches.selectors.federation import finding_labels

    _user, unit = facts["users"][role]
    kind = next(iter(finding_labels()))
    shown = facts["district"] if role == "province reviewer" else unit
    campaign = facts["campaign"]
    urls = {
        "privacy (baseline)": reverse("privacy"),
        "dashboard": reverse("branches:dashboard"),
        "drill-down fragment": reverse("branches:dashboard_units", args=[unit]),
        "findings list": reverse("branches:findings_list") + "?kind=" + kind,
        "roster list": reverse("branches:roster"),
        "roster search: name": reverse("branches:roster") + "?q=" + facts["probe"]["name"],
        "roster search: ID": reverse("branches:roster") + "?q=" + facts["probe"]["id_number"],
        "unit page": reverse("branches:branch_detail", args=[shown]),
        "assessment overview": reverse("assessment:index"),
        "hardship index": reverse("hardship:index"),
        "hardship campaign": reverse("hardship:campaign_detail", args=[campaign]),
        "hardship balancing": reverse("hardship:balance", args=[campaign]),
        "ledgers index": reverse("ledgers:index"),
    }
    if role != "province reviewer":
        del urls["hardship balancing"]  # a federation's page: refused to the officers
    return urls


def measure(facts: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from unionhome.models import User

    out: dict[str, dict] = {}
    first: list[float] = []
    for role, (user_pk, _unit) in facts["users"].items():
        client = Client()
        client.force_login(User.objects.get(pk=user_pk))
        out[role] = {}
        for name, url in pages(role, facts).items():
            response = client.get(url)  # warm-up
            times = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - t0)
            out[role][name] = {
                "status": response.status_code,
                "queries": len(queries),
                "ms": round(statistics.median(times) * 1000, 1),
            }
            if name == "privacy (baseline)":
                first = times
        # the baseline measured again after the pages: the lower median of the two
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            client.get(pages(role, facts)["privacy (baseline)"])
            times.append(time.perf_counter() - t0)
        base = round(min(statistics.median(first), statistics.median(times)) * 1000, 1)
        out[role]["privacy (baseline)"]["ms"] = base
        for row in out[role].values():
            row["ratio"] = round(row["ms"] / base, 2)
    return out


def child(args) -> None:
    os.environ.update(ENV)
    os.environ["DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhome.settings")
    import django

    django.setup()
    facts = generate(args.size)
    print(
        f"  {facts['workers']:,} workers in {facts['units']:,} units written in {facts['write_s']} s;"
        f" {facts['findings']:,} findings (both languages) computed in {facts['findings_s']} s",
        flush=True,
    )
    facts["pages"] = measure(facts)
    Path(args.out).write_text(json.dumps(facts, ensure_ascii=False))


# --- the parent: databases, children, tables --------------------------------------------------------


def _pg_admin(url: str, *statements: str) -> None:
    import psycopg2

    conn = psycopg2.connect(url)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        conn.close()


def _run(argv: list[str], env: dict) -> None:
    subprocess.run([sys.executable, *argv], env=env, cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="3000,100000", help="sizes, comma-separated")
    parser.add_argument(
        "--postgres", default=os.environ.get("DATABASE_URL", ""), help="a PostgreSQL URL (CREATEDB)"
    )
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    work = Path(tempfile.mkdtemp(prefix="unionhome-fedpages-"))
    env = {**os.environ, **ENV, "STATIC_ROOT": str(work / "static"), "MEDIA_ROOT": str(work / "media")}
    postgres = args.postgres.startswith("postgres")
    if postgres:
        parts = urlsplit(args.postgres)

        def url_of(name: str) -> str:
            return urlunsplit(parts._replace(path=f"/{name}"))

        template = "bench_fedpages_template"
        _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {template}", f"CREATE DATABASE {template}")
        template_url = url_of(template)
    else:
        template_url = f"sqlite:///{work / 'template.sqlite3'}"
    _run(["manage.py", "migrate", "--noinput", "-v", "0"], {**env, "DATABASE_URL": template_url})
    _run(["manage.py", "collectstatic", "--noinput", "-v", "0"], {**env, "DATABASE_URL": template_url})
    results = {}
    try:
        for size in [int(n) for n in args.workers.split(",")]:
            print(f"== {size:,} workers ({'PostgreSQL' if postgres else 'SQLite'})", flush=True)
            if postgres:
                name = f"bench_fedpages_{size}"
                _pg_admin(
                    args.postgres,
                    f"DROP DATABASE IF EXISTS {name}",
                    f"CREATE DATABASE {name} TEMPLATE {template}",
                )
                db = url_of(name)
            else:
                shutil.copy(work / "template.sqlite3", work / f"{size}.sqlite3")
                db = f"sqlite:///{work / f'{size}.sqlite3'}"
            out = work / f"{size}.json"
            try:
                _run([__file__, "--child", "--db", db, "--size", str(size), "--out", str(out)], env)
            finally:
                if postgres:
                    _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
            results[size] = json.loads(out.read_text())
            report(results)
            if args.json:  # after each size: a failure at the largest keeps the others
                Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    finally:
        if postgres:
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {template}")
        shutil.rmtree(work, ignore_errors=True)
    return 0


def report(results: dict) -> None:
    sizes = sorted(results)
    head = " | ".join(f"{n:,}: q / ms / ×" for n in sizes)
    for role in next(iter(results.values()))["pages"]:
        print(f"\n{role} | {head} | status")
        for page in results[sizes[0]]["pages"][role]:
            cells = []
            for n in sizes:
                row = results[n]["pages"][role][page]
                cells.append(f"{row['queries']} / {row['ms']} / {row['ratio']}")
            print(f"{page} | {' | '.join(cells)} | {results[sizes[-1]]['pages'][role][page]['status']}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
