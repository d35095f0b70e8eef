"""Office pages at federation size: query count and median time against a trivial page.

```sh
.venv/bin/python bench/federation_pages.py --workers 3000,100000,1000000   # DATABASE_URL: PostgreSQL
.venv/bin/python bench/federation_pages.py --workers 3000,20000              # a temporary SQLite file
```

For each size, a fresh database (PostgreSQL: ``CREATE DATABASE … TEMPLATE`` of a migrated one;
SQLite: a copy of a migrated file) gets the generated federation of ``common.generate_federation``
(shared with bench/load.py): one province → cities → districts → enterprises → four branches
each, about one unit per 50 workers (1,000,000 workers in ~20,000 units), the workers spread over
the branches. Rows are written fast: the workers with ``COPY``
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
    facts = generate_federation(args.size)
    print(
        f"  {facts['workers']:,} workers in {facts['units']:,} units written in {facts['write_s']} s;"
        f" {facts['findings']:,} findings (both languages) computed in {facts['findings_s']} s",
        flush=True,
    )
    facts["pages"] = measure(facts)
    Path(args.out).write_text(json.dumps(facts, ensure_ascii=False))


# --- the parent: databases, children, tables --------------------------------------------------------


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
            if postgres:
                name = f"bench_fedpages_{size}"
                pg_admin(
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
                    pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {name}")
            results[size] = json.loads(out.read_text())
            report(results)
            if args.json:  # after each size: a failure at the largest keeps the others
                Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    finally:
        if postgres:
            pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {template}")
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
