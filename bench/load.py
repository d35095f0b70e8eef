"""Load test: 200 simulated users against gunicorn + PostgreSQL + Redis on this machine.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; `make bench` starts both with .ci/services.sh when
they are not set. Starts gunicorn on a free loopback port with production settings (plain HTTP:
secure cookies and the second factor are switched off for the run only), prepares logged-in
sessions, requests every page of the run once (any answer other than 200 stops the run), runs
locust headless and prints requests, errors, requests per second and p50/p95/p99 latency per page,
with the p50 as a ratio to the baseline: the privacy page (session and user only) in the same run.
The last two columns are the median time spent in the gunicorn worker (its access log: the time
without the wait in the queue, which dominates once the cores are saturated) and its ratio to the
baseline's.

Two data sets:

- the demo (default): migrates and loads the demo data into the DATABASE_URL database; officers
  browse the dashboard and the roster, workers the portal.
- ``--federation-workers N``: a fresh database ``bench_load_<N>`` on the same PostgreSQL server
  (the role needs CREATEDB; dropped at the end unless ``--keep-database``) gets the generated
  federation of ``common.generate_federation`` (bench/federation_pages.py: one province → cities →
  districts → enterprises → four branches each, one unit per 50 workers) and load accounts of every
  kind: the province reviewer, a reviewer per city and per district, enterprise officers, branch
  officers and workers linked to roster entries, each browsing the pages of its role (`KINDS`).

Usage: python bench/load.py [--users 200] [--seconds 60] [--federation-workers 1000000]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import generate_federation, pg_admin

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
BASELINE = "privacy page (baseline)"

# The federation run: per kind of user, its share of the simulated users and its pages with their
# weights (how often a user of that kind opens each page between waits of 1–5 s).
_REVIEWER_PAGES = {
    "dashboard": 4, "drill-down": 3, "findings list": 2, "roster list": 3, "roster search: name": 2,
    "roster search: ID": 1, "unit page": 2, "assessment overview": 1, "hardship index": 1,
    "hardship campaign": 1, "hardship balancing": 1, "ledgers index": 1,
}  # fmt: skip
_BRANCH_PAGES = {
    "dashboard": 4, "drill-down": 2, "findings list": 2, "roster list": 4, "roster search: name": 2,
    "roster search: ID": 1, "unit page": 2, "assessment overview": 1, "hardship index": 1,
    "hardship campaign": 1, "ledgers index": 1,
}  # fmt: skip
_ENTERPRISE_PAGES = {**_BRANCH_PAGES, "assessment unit": 1}  # the enterprise's own assessment page
_PORTAL_PAGES = {
    "portal profile": 4, "portal hardship": 1, "portal democracy": 1, "portal assessment": 1,
    "portal ledgers": 1, "portal committees": 1,
}  # fmt: skip
KINDS = {
    "province reviewer": (1, _REVIEWER_PAGES),
    "city reviewer": (2, _REVIEWER_PAGES),
    "district reviewer": (4, _REVIEWER_PAGES),
    "enterprise officer": (12, _ENTERPRISE_PAGES),
    "branch officer": (8, _BRANCH_PAGES),
    "worker (portal)": (13, _PORTAL_PAGES),
}
BASELINE_WEIGHT = 2
# gunicorn's access log: the page (a header locust sends), the status and the time in the worker (µs)
ACCESS_FORMAT = "%({x-load-page}i)s\t%(s)s\t%(D)s"
ACCOUNTS = {"city reviewer": 10, "district reviewer": 20, "enterprise officer": 60, "branch officer": 40}
PORTAL_ACCOUNTS = 65
FEDERATION_APPLICATIONS = 10  # reported applications in the campaign of each reviewer's federation
SESSIONS_PER_ACCOUNT = 2
PREFLIGHT_ACCOUNTS = 6


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


# --- the plan: accounts, sessions and URLs (runs in a child process, Django set up) ---------------


def make_sessions(user, count: int) -> list[str]:
    """Logged-in sessions made server-side, as a login would make them (the session auth hash
    included): the run measures browsing, not hundreds of password hashes at once."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for _ in range(count):
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s.create()
        keys.append(s.session_key)
    return keys


def demo_plan(per_user: int) -> dict:
    """The demo run: officers on the dashboard and the roster, workers in the portal."""
    from unionhome.models import User

    def accounts(usernames: list[str], urls: dict[str, list[str]]) -> list[dict]:
        users = User.objects.filter(username__in=usernames)
        return [{"user": u.username, "sessions": make_sessions(u, per_user), "urls": urls} for u in users]

    office = {
        BASELINE: ["/privacy/"],
        "office dashboard": ["/office/"],
        "office roster": [f"/office/roster/?page={n}" for n in range(1, 21)],
        "office roster filtered": ["/office/roster/?is_member=false&employment_type=migrant"],
    }
    portal = {BASELINE: ["/privacy/"], "portal profile": ["/portal/"]}
    return {
        "kinds": {
            "officer": {
                "weight": 3,
                "pages": {
                    BASELINE: 1,
                    "office dashboard": 3,
                    "office roster": 4,
                    "office roster filtered": 2,
                },
                "accounts": accounts(["officer", "officer_b", "district", "branch"], office),
            },
            "worker": {
                "weight": 2,
                "pages": {BASELINE: 1, "portal profile": 4},
                "accounts": accounts(["worker"], portal),
            },
        }
    }


def _spread(items: list, count: int) -> list:
    """`count` items taken evenly along the list (all of them if there are fewer)."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def federation_plan(facts: dict) -> dict:
    """The federation run: load accounts of every kind on the generated federation, their
    sessions, and the URLs of each page for each account (its own unit, its own workers)."""
    from django.db.models import Max, Min
    from django.urls import reverse

    from branches.models import Appointment, Branch, Worker
    from branches.selectors.federation import finding_labels
    from hardship.models import Campaign
    from tests.hardship.factories import application_in
    from unionhome.models import User

    rng = random.Random(20)
    Role = Appointment.Role
    low, high = Worker.objects.aggregate(low=Min("pk"), high=Max("pk")).values()
    by_kind = {
        kind: list(Branch.objects.filter(kind=kind).order_by("path"))
        for kind in ("province", "city", "district", "enterprise", "branch")
    }
    findings = [reverse("branches:findings_list") + "?kind=" + kind for kind in finding_labels()]

    def probes(unit: Branch, count: int = 5) -> list[dict]:
        found = []
        for _ in range(count * 3):
            row = (
                Worker.objects.filter(branch__path__startswith=unit.path, pk__gte=rng.randint(low, high))
                .order_by("pk")
                .values("name", "id_number")
                .first()
            )
            if row and row not in found:
                found.append(row)
            if len(found) == count:
                break
        return found

    def children(unit: Branch, count: int = 5) -> list[Branch]:
        return list(
            Branch.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")[:count]
        )

    def federation_campaign(unit: Branch) -> int:
        """The province's campaign of the generator; a city's or a district's own, with reported
        applications of its workers (a reviewer balances its own federation's campaign)."""
        if unit.depth == 1:
            return facts["campaign"]
        campaign = Campaign.objects.create(
            branch=unit,
            name=f"{unit.name}送温暖",
            year=2026,
            line=780,
            deadline=dt.datetime(2026, 12, 30, 9, 30, tzinfo=dt.UTC),
        )
        for worker in Worker.objects.filter(branch__path__startswith=unit.path)[:FEDERATION_APPLICATIONS]:
            application_in(campaign, worker, "reported")
        return campaign.pk

    def office_urls(unit: Branch, reviewer: bool) -> dict[str, list[str]]:
        roster = reverse("branches:roster")
        campaign = federation_campaign(unit) if reviewer else facts["campaign"]
        found = probes(unit)
        below = children(unit)
        urls = {
            "dashboard": [reverse("branches:dashboard")],
            "drill-down": [reverse("branches:dashboard_units", args=[u.pk]) for u in [unit, *below]],
            "findings list": findings,
            "roster list": [f"{roster}?page={n}" for n in range(1, 11 if reviewer else 4)],
            "roster search: name": [f"{roster}?q={p['name']}" for p in found],
            "roster search: ID": [f"{roster}?q={p['id_number']}" for p in found],
            # a reviewer opens the units below its federation; an officer its own unit
            "unit page": [
                reverse("branches:branch_detail", args=[u.pk]) for u in (below if reviewer else [unit])
            ],
            "assessment overview": [reverse("assessment:index")],
            "hardship index": [reverse("hardship:index")],
            "hardship campaign": [reverse("hardship:campaign_detail", args=[campaign])],
            "ledgers index": [reverse("ledgers:index")],
        }
        if reviewer:
            urls["hardship balancing"] = [reverse("hardship:balance", args=[campaign])]
        elif unit.kind == "enterprise":
            urls["assessment unit"] = [reverse("assessment:unit", args=[unit.pk])]
        return urls

    def account(kind: str, user, unit: Branch | None, urls: dict[str, list[str]]) -> dict:
        return {
            "user": user.username,
            "unit": unit.name if unit else None,
            "sessions": make_sessions(user, SESSIONS_PER_ACCOUNT),
            "urls": {BASELINE: ["/privacy/"], **{f"{kind}: {page}": links for page, links in urls.items()}},
        }

    def officers(kind: str, units: list[Branch], role: str) -> list[dict]:
        out = []
        for unit in units:
            user = User.objects.create_user(f"load_{unit.code.lower()}", password=None)
            Appointment.objects.create(user=user, branch=unit, role=role)
            out.append(account(kind, user, unit, office_urls(unit, role == Role.DISTRICT_REVIEWER)))
        return out

    province_user = User.objects.get(pk=facts["users"]["province reviewer"][0])
    province = by_kind["province"][0]
    accounts = {
        "province reviewer": [
            account("province reviewer", province_user, province, office_urls(province, True))
        ],
        "city reviewer": officers(
            "city reviewer", _spread(by_kind["city"], ACCOUNTS["city reviewer"]), Role.DISTRICT_REVIEWER
        ),
        "district reviewer": officers(
            "district reviewer",
            _spread(by_kind["district"], ACCOUNTS["district reviewer"]),
            Role.DISTRICT_REVIEWER,
        ),
        "enterprise officer": officers(
            "enterprise officer",
            _spread(by_kind["enterprise"], ACCOUNTS["enterprise officer"]),
            Role.UNION_OFFICER,
        ),
        "branch officer": officers(
            "branch officer", _spread(by_kind["branch"], ACCOUNTS["branch officer"]), Role.BRANCH_OFFICER
        ),
    }
    portal = {
        "portal profile": [reverse("portal:profile")],
        "portal hardship": [reverse("hardship_portal:index")],
        "portal democracy": [reverse("democracy_portal:home")],
        "portal assessment": [reverse("assessment_portal:rounds")],
        "portal ledgers": [reverse("ledgers_portal:home")],
        "portal committees": [reverse("portal:committees")],
    }
    workers = []
    for n in range(PORTAL_ACCOUNTS):
        worker = Worker.objects.filter(pk__gte=rng.randint(low, high)).order_by("pk").first()
        if worker is None or User.objects.filter(worker=worker).exists():
            continue
        user = User.objects.create_user(f"load_worker_{n}", password=None, worker=worker)
        workers.append(account("worker (portal)", user, None, portal))
    accounts["worker (portal)"] = workers
    return {
        "workers": facts["workers"],
        "units": facts["units"],
        "write_s": facts["write_s"],
        "kinds": {
            kind: {
                "weight": weight,
                "pages": {BASELINE: BASELINE_WEIGHT, **{f"{kind}: {page}": w for page, w in pages.items()}},
                "accounts": accounts[kind],
            }
            for kind, (weight, pages) in KINDS.items()
        },
    }


def child(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhome.settings")
    import django

    django.setup()
    if args.federation_workers:
        plan = federation_plan(generate_federation(args.federation_workers))
    else:
        plan = demo_plan(args.users)
    Path(args.plan).write_text(json.dumps(plan, ensure_ascii=False))


# --- the run ----------------------------------------------------------------------------------------


def preflight(base: str, plan: dict) -> list[str]:
    """Every URL of the first account of each kind, and one URL per page of the next few accounts,
    requested once with the account's session (no redirect followed): what did not answer 200."""
    import requests

    failures = []
    for kind, spec in plan["kinds"].items():
        if not spec["accounts"]:
            failures.append(f"{kind}: no account")
        for n, account in enumerate(spec["accounts"][:PREFLIGHT_ACCOUNTS]):
            with requests.Session() as http:
                http.cookies.set("sessionid", account["sessions"][0])
                for label, urls in account["urls"].items():
                    for url in urls if n == 0 else urls[:1]:
                        response = http.get(base + url, allow_redirects=False, timeout=300)
                        if response.status_code != 200:
                            failures.append(f"{account['user']} {label} {url}: {response.status_code}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers")
    parser.add_argument("--timeout", type=int, default=60, help="gunicorn worker timeout, seconds")
    parser.add_argument(
        "--federation-workers", type=int, default=0, help="run on a generated federation of this many workers"
    )
    parser.add_argument("--keep-database", action="store_true", help="keep the federation's database")
    parser.add_argument("--plan", help=argparse.SUPPRESS)  # the child: write the plan there
    args = parser.parse_args()
    if args.plan:
        child(args)
        return 0
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("load.py needs DATABASE_URL (PostgreSQL) and REDIS_URL; run it through `make bench`.")
        return 2
    out = Path(tempfile.mkdtemp(prefix="unionhome-load-"))
    env = {
        **os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "load-test-only-" + "x" * 40,
        "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0", "DJANGO_HSTS_SECONDS": "0",
        "UNIONHOME_REQUIRE_2FA": "0", "STATIC_ROOT": str(out / "static"), "MEDIA_ROOT": str(out / "media"),
        "LOG_LEVEL": "WARNING", "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }  # fmt: skip
    database = f"bench_load_{args.federation_workers}" if args.federation_workers else None
    if database:
        pg_admin(
            os.environ["DATABASE_URL"], f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"
        )
        env["DATABASE_URL"] = _with_database(os.environ["DATABASE_URL"], database)
        if os.environ.get("DATABASE_REPLICA_URL"):  # the standby streams the new database too
            env["DATABASE_REPLICA_URL"] = _with_database(os.environ["DATABASE_REPLICA_URL"], database)
    try:
        return run(args, env, out)
    finally:
        if database and not args.keep_database:
            pg_admin(os.environ["DATABASE_URL"], f"DROP DATABASE IF EXISTS {database}")


def run(args, env: dict, out: Path) -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    commands = [
        ["migrate", "--noinput"],
        ["compilemessages", "--ignore=.venv"],
        ["collectstatic", "--noinput"],
    ]
    if not args.federation_workers:
        commands.append(["seed_demo"])
    for cmd in commands:
        subprocess.run([*manage, *cmd], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    plan_file = out / "plan.json"
    started = time.time()
    subprocess.run(
        [sys.executable, __file__, "--plan", str(plan_file), "--users", str(args.users),
         "--federation-workers", str(args.federation_workers)],
        env=env, cwd=ROOT, check=True,
    )  # fmt: skip
    plan = json.loads(plan_file.read_text())
    if args.federation_workers:
        print(
            f"federation: {plan['workers']:,} workers in {plan['units']:,} units, written in {plan['write_s']} s; "
            f"plan ready in {time.time() - started:.0f} s",
            flush=True,
        )
    env["LOAD_PLAN"] = str(plan_file)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "unionhome.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", str(args.timeout), "--log-level", "warning",
         "--access-logfile", str(out / "access.log"), "--access-logformat", ACCESS_FORMAT],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        started = time.time()
        failures = preflight(base, plan)
        print(f"every page requested once in {time.time() - started:.0f} s", flush=True)
        if failures:
            print("pages that did not answer 200:", *failures, sep="\n  ")
            return 1
        started = time.time()
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(args.users),
             "-r", str(max(1, args.users // 10)), "-t", f"{args.seconds}s", "--host", base,
             "--csv", str(out / "load"), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL, stderr=(out / "locust.log").open("w"),
        )  # fmt: skip
        elapsed = time.time() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report(args, out, elapsed)


def server_times(access_log: Path) -> dict[str, float]:
    """The median time in the gunicorn worker per page (ms), from the access log of the run."""
    times: dict[str, list[float]] = {}
    for line in access_log.read_text().splitlines():
        page, _status, micros = line.rsplit("\t", 2)
        if page != "-":  # the pre-flight requests carry no page name
            times.setdefault(page, []).append(int(micros) / 1000)
    every = [t for page_times in times.values() for t in page_times]
    medians = {page: statistics.median(page_times) for page, page_times in times.items()}
    if every:
        medians["Aggregated"] = statistics.median(every)
    return medians


def report(args, out: Path, elapsed: float) -> int:
    rows = list(csv.DictReader((out / "load_stats.csv").open()))
    by_name = {r["Name"]: r for r in rows}
    baseline = float(by_name[BASELINE]["50%"] or 1)
    server = server_times(out / "access.log")
    server_baseline = server.get(BASELINE) or 1
    data = (
        f"{args.federation_workers:,} workers (generated federation)"
        if args.federation_workers
        else "demo data"
    )
    print(
        f"{args.users} users, {args.seconds} s, gunicorn {args.workers} sync workers, {os.cpu_count()} cores, "
        f"PostgreSQL + Redis, {data}"
    )
    print(
        f"{'page':44s} {'requests':>9s} {'errors':>7s} {'req/s':>7s} {'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} "
        f"{'p50/baseline':>12s} {'server p50 ms':>13s} {'server p50/baseline':>19s}"
    )
    errors = 0
    for r in rows:
        errors += int(r["Failure Count"]) if r["Name"] != "Aggregated" else 0
        p50 = float(r["50%"] or 0)
        worker = server.get(r["Name"], 0.0)
        print(f"{r['Name']:44s} {r['Request Count']:>9s} {r['Failure Count']:>7s} {float(r['Requests/s']):7.1f} "
              f"{r['50%']:>7s} {r['95%']:>7s} {r['99%']:>7s} {p50 / baseline:12.2f} "
              f"{worker:13.0f} {worker / server_baseline:19.2f}")  # fmt: skip
    print(f"wall time {elapsed:.0f} s; total errors: {errors}")
    failures = out / "load_failures.csv"
    if errors and failures.exists():
        print(failures.read_text())
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
