"""Office pages at federation size: query count and median time against a trivial page.

```sh
.venv/bin/python bench/federation_pages.py --workers 3000,100000,1000000   # DATABASE_URL: PostgreSQL
.venv/bin/python bench/federation_pages.py --workers 3000,20000              # a temporary SQLite file
.venv/bin/python bench/federation_pages.py --workers 3000 --roles "city reviewer" --pages dashboard
```

For each size, a fresh database (PostgreSQL: ``CREATE DATABASE … TEMPLATE`` of a migrated one;
SQLite: a copy of a migrated file) gets the generated federation of ``common.generate_federation``
(shared with bench/load.py): one province → cities → districts → enterprises → four branches
each, about one unit per 50 workers (1,000,000 workers in ~20,000 units), the workers spread over
the branches. Rows are written fast: the workers with ``COPY``
through ``unionhome.bulkcopy`` on PostgreSQL, ``bulk_create`` on SQLite; the units with
``bulk_create`` and their tree paths computed up front; the per-unit counters filled with
``counters.recount``, and the findings table filled as its periodic refresh does
(``services.refresh_findings``, timed). Reports and exports read from the standby of ``--replica`` (default
``DATABASE_REPLICA_URL``) under the same database name, once it has replayed the writes.

Phase ``pages``: for five users (the reviewers of the province, of a city and of a district, an
enterprise's union officer, a branch's officer; Django test client, logged in, production
settings), every page of the user's navigation (``unionhome.navigation.menu`` for each menu, as
the menus are rendered) and the pages followed from lists that grow with the size (a unit page,
the drill-down fragment, a findings list, roster searches by name and by ID, a worker's page, the
user's campaign and its balancing) are requested once to warm up and 5 times timed: query count and
median time, the time as a ratio to the privacy page (session and user only) measured in the same
run. A page that answers anything but 200 is reported with its status, not timed.

Phase ``export``: in a fresh child process, the province reviewer's whole roster exported as the
roster page's button does it (in the request, or above ``BACKGROUND_ROWS`` the roster job's task),
with rows, seconds and the peak resident memory above the phase's start (``VmHWM``).

``--roles`` and ``--pages`` (comma-separated; a page is kept when its name contains one of the
words) and ``--phases`` narrow a quick run. A page whose queries or ratio grow with the size is a
finding (bench/README.md). Nothing here is a test.
"""

from __future__ import annotations

import argparse
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

from common import generate_federation, pg_admin

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


# --- the measurement -------------------------------------------------------------------------------

BASELINE = "privacy (baseline)"


def nav_pages(user) -> dict[str, str]:
    """Every page the user's navigation links: each menu of ``unionhome.navigation`` (the top bar,
    the records drop-down, each app's sub-menu) as ``navigation.menu`` builds it for the user, the
    same permission map that renders the menus and that tests/test_navigation.py follows. Named by
    URL name; a page in several menus once."""
    from django.test import RequestFactory

    from unionhome import navigation

    request = RequestFactory().get("/")
    request.user = user
    found: dict[str, str] = {}
    for name in dict.fromkeys(e.menu for e in navigation.entries()):
        for link in navigation.menu(request, name):
            if link.url not in found.values():
                found[link.url_name] = link.url
    return found


def followed_pages(role: str, facts: dict, all_findings: bool = False) -> dict[str, str]:
    """The pages reached from a list rather than from the menus, whose content grows with the size:
    a unit page (a reviewer's first unit below its federation, an officer's own), the dashboard's
    drill-down fragment of the user's unit, the findings list of the first kind (of every kind with
    ``all_findings``: each computes every finding of the scope to list one kind), roster searches by name
    and by ID, a worker's page, the user's campaign and (a reviewer's) its balancing page."""
    from django.urls import reverse

    from branches.selectors.federation import finding_labels

    _user, unit = facts["users"][role]
    reviewer = role in facts["campaigns"]
    campaign = facts["campaigns"][role] if reviewer else facts["campaign"]
    roster = reverse("branches:roster")
    urls = {
        "unit page": reverse("branches:branch_detail", args=[facts["below"][role]]),
        "drill-down fragment": reverse("branches:dashboard_units", args=[unit]),
        **{
            f"findings list: {kind}": reverse("branches:findings_list") + "?kind=" + kind
            for kind in list(finding_labels())[: None if all_findings else 1]
        },
        "roster search: name": f"{roster}?q={facts['probe']['name']}",
        "roster search: ID": f"{roster}?q={facts['probe']['id_number']}",
        "worker page": reverse("branches:worker_detail", args=[facts["probe"]["pk"]]),
        "hardship campaign": reverse("hardship:campaign_detail", args=[campaign]),
    }
    if reviewer:  # a federation's page: refused to the officers
        urls["hardship balancing"] = reverse("hardship:balance", args=[campaign])
    return urls


def pages(role: str, facts: dict, user, all_findings: bool = False) -> dict[str, str]:
    from django.urls import reverse

    return {BASELINE: reverse("privacy"), **nav_pages(user), **followed_pages(role, facts, all_findings)}


def chosen(name: str, wanted: list[str]) -> bool:
    return name == BASELINE or not wanted or any(w in name for w in wanted)


def measure(facts: dict, roles: list[str], wanted: list[str], all_findings: bool = False) -> dict:
    """Per user and page: status, queries of one request, median ms of REPEAT, ratio to the baseline.
    A page that answers anything but 200 is recorded with its status and not timed."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from unionhome.models import User

    out: dict[str, dict] = {}
    for role, (user_pk, _unit) in facts["users"].items():
        if roles and role not in roles:
            continue
        user = User.objects.get(pk=user_pk)
        client = Client()
        client.force_login(user)
        urls = {
            name: url for name, url in pages(role, facts, user, all_findings).items() if chosen(name, wanted)
        }
        out[role] = {}
        first: list[float] = []
        for name, url in urls.items():
            response = client.get(url)  # warm-up
            if response.status_code != 200:
                out[role][name] = {"url": url, "status": response.status_code}
                print(f"  {role}: {name} answered {response.status_code} ({url})", flush=True)
                continue
            times = []
            for _ in range(REPEAT):
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - t0)
            out[role][name] = {
                "url": url,
                "status": response.status_code,
                "queries": len(queries),
                "ms": round(statistics.median(times) * 1000, 1),
            }
            if name == BASELINE:
                first = times
        # the baseline measured again after the pages: the lower median of the two
        times = []
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            client.get(urls[BASELINE])
            times.append(time.perf_counter() - t0)
        base = round(min(statistics.median(first), statistics.median(times)) * 1000, 1)
        out[role][BASELINE]["ms"] = base
        for row in out[role].values():
            if "ms" in row:
                row["ratio"] = round(row["ms"] / base, 2)
        print(f"  {role}: {len(urls)} pages measured", flush=True)
    return out


def child(args) -> None:
    _setup(args.db)
    facts = generate_federation(args.size)
    print(
        f"  {facts['workers']:,} workers in {facts['units']:,} units written in {facts['write_s']} s;"
        f" {facts['findings']:,} findings (both languages) computed in {facts['findings_s']} s",
        flush=True,
    )
    wait_for_replica()
    roles = [r for r in args.roles.split(",") if r]
    facts["pages"] = (
        measure(facts, roles, [p for p in args.pages.split(",") if p]) if args.measure_pages else {}
    )
    Path(args.out).write_text(json.dumps(facts, ensure_ascii=False))


def _setup(db: str) -> None:
    os.environ.update(ENV)
    os.environ["DATABASE_URL"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhome.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    """This process's peak resident memory in MB (``VmHWM``, as bench/roster_import.py reads it)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def export_child(args) -> None:
    """The province reviewer's whole roster exported as the roster page's button does it: counted
    from the reports database, then above ``BACKGROUND_ROWS`` a roster job run by the task a worker
    runs (``tasks.roster_job_export``: ``services.roster_job_export`` into a file), otherwise
    ``services.roster_export`` into memory in the request. Fresh process: its peak memory above
    the start of the phase is the export's own."""
    _setup(args.db)
    import io

    from django.conf import settings
    from django.http import QueryDict

    from branches import selectors, services, tasks
    from branches.models import RosterJob
    from unionhome.models import User
    from unionhome.replica import for_reports

    wait_for_replica()
    user = User.objects.get(username="province_reviewer")
    start_mb = _peak_mb()
    t0 = time.perf_counter()
    workers = selectors.roster_for_export(user, QueryDict(""))
    count = for_reports(workers).count()
    if count > settings.UNIONHOME["BACKGROUND_ROWS"]:
        job = services.roster_job_export_start(actor=user, query="", count=count)
        tasks.roster_job_export(job.pk)
        job = RosterJob.objects.get(pk=job.pk)
        result = services.job_file(job, "result")
        row = {
            "path": "background job",
            "status": job.status,
            "message": job.message,
            "rows": job.total_rows,
            "bytes": result.stat().st_size if result is not None and result.exists() else 0,
        }
        if result is not None and result.exists():
            result.unlink()
    else:
        buffer = io.BytesIO()
        rows = services.roster_export(actor=user, workers=workers, target=buffer)
        row = {"path": "in the request", "status": "done", "rows": rows, "bytes": len(buffer.getvalue())}
    row["seconds"] = round(time.perf_counter() - t0, 1)
    row["start_mb"] = round(start_mb, 1)
    row["peak_mb"] = round(_peak_mb() - start_mb, 1)
    row["counted"] = count
    Path(args.out).write_text(json.dumps(row))


def wait_for_replica(timeout: float = 600) -> None:
    """With a reports database (a streaming standby), wait until it has replayed what the primary
    has written so far: exports and reports read from it."""
    from django.db import connections

    if "replica" not in connections:
        return
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (target,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    with connections["replica"].cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", [target])
            if cursor.fetchone()[0]:
                return
            time.sleep(0.5)
    raise RuntimeError("the reports database did not catch up with the primary")


# --- the parent: databases, children, tables --------------------------------------------------------


def _run(argv: list[str], env: dict) -> None:
    subprocess.run([sys.executable, *argv], env=env, cwd=ROOT, check=True)


PHASES = ("pages", "export")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", default="3000,100000", help="sizes, comma-separated")
    parser.add_argument(
        "--postgres", default=os.environ.get("DATABASE_URL", ""), help="a PostgreSQL URL (CREATEDB)"
    )
    parser.add_argument(
        "--replica",
        default=os.environ.get("DATABASE_REPLICA_URL", ""),
        help="the URL of a standby streaming from --postgres: reports and exports read from it",
    )
    parser.add_argument(
        "--phases", default=",".join(PHASES), help=f"comma-separated, of: {', '.join(PHASES)}"
    )
    parser.add_argument(
        "--roles", default="", help="only these users, comma-separated (e.g. 'city reviewer')"
    )
    parser.add_argument(
        "--pages", default="", help="only the pages whose name contains one of these, comma-separated"
    )
    parser.add_argument(
        "--all-findings", action="store_true", help="the findings list of every kind, not only the first"
    )
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--export-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--measure-pages", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    if args.export_child:
        export_child(args)
        return 0
    phases = [p for p in args.phases.split(",") if p]
    if set(phases) - set(PHASES):
        parser.error(f"unknown phase in {args.phases!r}")
    work = Path(tempfile.mkdtemp(prefix="unionhome-fedpages-"))
    env = {**os.environ, **ENV, "STATIC_ROOT": str(work / "static"), "MEDIA_ROOT": str(work / "media")}
    env.pop("DATABASE_REPLICA_URL", None)
    postgres = args.postgres.startswith("postgres")
    if postgres:

        def url_of(name: str, base: str = args.postgres) -> str:
            return urlunsplit(urlsplit(base)._replace(path=f"/{name}"))

        template = "bench_fedpages_template"
        pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {template}", f"CREATE DATABASE {template}")
        template_url = url_of(template)
    else:
        template_url = f"sqlite:///{work / 'template.sqlite3'}"
    _run(["manage.py", "migrate", "--noinput", "-v", "0"], {**env, "DATABASE_URL": template_url})
    _run(["manage.py", "collectstatic", "--noinput", "-v", "0"], {**env, "DATABASE_URL": template_url})
    results = {}
    try:
        for size in [int(n) for n in args.workers.split(",")]:
            print(f"== {size:,} workers ({'PostgreSQL' if postgres else 'SQLite'})", flush=True)
            child_env = dict(env)
            if postgres:
                name = f"bench_fedpages_{size}"
                pg_admin(
                    args.postgres,
                    f"DROP DATABASE IF EXISTS {name}",
                    f"CREATE DATABASE {name} TEMPLATE {template}",
                )
                db = url_of(name)
                if args.replica:  # the standby streams the new database too
                    child_env["DATABASE_REPLICA_URL"] = url_of(name, args.replica)
            else:
                shutil.copy(work / "template.sqlite3", work / f"{size}.sqlite3")
                db = f"sqlite:///{work / f'{size}.sqlite3'}"
            out = work / f"{size}.json"
            try:
                argv = [__file__, "--child", "--db", db, "--size", str(size), "--out", str(out)]
                argv += ["--roles", args.roles, "--pages", args.pages] + (
                    ["--all-findings"] if args.all_findings else []
                )
                _run(argv + (["--measure-pages"] if "pages" in phases else []), child_env)
                results[size] = json.loads(out.read_text())
                if "export" in phases:
                    print("  export: the province reviewer's whole roster", flush=True)
                    exported = work / f"{size}.export.json"
                    _run([__file__, "--export-child", "--db", db, "--out", str(exported)], child_env)
                    results[size]["export"] = json.loads(exported.read_text())
            finally:
                if postgres:
                    pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
            report(results)
            if args.json:  # after each size: a failure at the largest keeps the others
                Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    finally:
        if postgres:
            pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {template}")
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _cell(row: dict | None) -> str:
    if row is None:
        return "—"
    if row["status"] != 200:
        return f"**{row['status']}**"
    return f"{row['queries']} / {row['ms']:,} / {row['ratio']}×"


def report(results: dict) -> None:
    """The tables of bench/README.md: per user, one row per page, ``queries / median ms / ratio`` per
    size (a page that did not answer 200: its status in bold); then the export, one row per size."""
    sizes = sorted(results)
    print("\n| sizes | units | workers | written in |\n|---|---:|---:|---:|")
    for n in sizes:
        r = results[n]
        print(f"| {n:,} | {r['units']:,} | {r['workers']:,} | {r['write_s']} s |")
    roles = list(dict.fromkeys(role for n in sizes for role in results[n].get("pages", {})))
    for role in roles:
        names = list(dict.fromkeys(p for n in sizes for p in results[n]["pages"].get(role, {})))
        print(f"\n**{role}** (queries / median ms / ratio to the privacy page)\n")
        print("| page | " + " | ".join(f"{n:,}" for n in sizes) + " |")
        print("|---|" + "---:|" * len(sizes))
        for page in names:
            cells = [_cell(results[n]["pages"].get(role, {}).get(page)) for n in sizes]
            print(f"| {page} | {' | '.join(cells)} |")
    exports = [(n, results[n]["export"]) for n in sizes if "export" in results[n]]
    if exports:
        print("\n**export of the province reviewer's roster**\n")
        print("| workers | path | status | rows | file MB | seconds | peak MB above the start |")
        print("|---:|---|---|---:|---:|---:|---:|")
        for n, e in exports:
            print(
                f"| {n:,} | {e['path']} | {e['status']} | {e['rows']:,} | {e['bytes'] / 1e6:.1f} "
                f"| {e['seconds']} | {e['peak_mb']} |"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
