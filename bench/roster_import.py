"""Roster import/export at scale, against baselines measured in the same run.

    .venv/bin/python bench/roster_import.py [--rows 20000,100000]
    .venv/bin/python bench/roster_import.py --postgres "$DATABASE_URL" --rows 100000 --repeat 3

Generates a roster of N rows (XlsxWriter), then runs each phase in a fresh child process on a
fresh copy of a migrated SQLite database, or with ``--postgres`` on a fresh PostgreSQL database
cloned from a migrated template for each run (the role needs CREATEDB). On PostgreSQL the phases
are the import's floor, the import (its COPY path) and the import's batch path, alternated
``--repeat`` times, and the medians are printed (see ``postgres_main``). On SQLite:

- import baseline: openpyxl ``read_only`` + ``iter_rows(values_only=True)``, Worker objects,
  ``bulk_create(batch_size=1000)`` in one transaction (no validation, no audit);
- import: ``roster_io.open_roster`` (container checks, the streaming reader) +
  ``services.roster_import`` (every row rule, look-ups, bulk writes, one audit row per worker),
  in one transaction; run on the file as generated (strings inline, as XlsxWriter's constant-memory
  mode writes them) and on the same rows saved with a shared-string table (as Excel saves them);
- export baseline: openpyxl ``write_only`` of the same columns from ``values_list``;
- export: ``services.roster_export`` (XlsxWriter constant_memory, masking, formula escaping).

Prints wall time, the ratio to its baseline (on PostgreSQL also the child's own CPU time: the
database server's is not in it), and each child's peak resident memory above its
start (``VmHWM`` of /proc/self/status: all allocations, C and Python). With several sizes it also prints
how the import's peak memory changes per 1,000 rows between the smallest and the largest file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import pg_admin  # noqa: E402 (bench/ is the script's own folder)

BRANCHES = 50


def _setup(db_url: str):
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_DEBUG"] = "0"  # production mode: no query logging in the cursor wrapper
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionhome.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _rss_mb() -> float:
    """This process's peak resident memory in MB: VmHWM, which belongs to the process image (the
    ``ru_maxrss`` of an exec'd child starts at its parent's peak, which would hide its own)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _backend_cpu() -> float | None:
    """CPU seconds used so far by this process's PostgreSQL backend when the server runs on this
    machine (``/proc/<pid>/stat``), else None: the database's share of a phase, which wall time
    on a shared machine does not show."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def make_file(path: Path, rows: int, shared_strings: bool = False) -> None:
    """The roster file. XlsxWriter's constant-memory mode writes strings inline; its normal mode puts
    them in a shared-string table, as Excel does (``shared_strings``)."""
    import xlsxwriter

    from branches import rules

    rng = random.Random(4)
    book = xlsxwriter.Workbook(str(path), {"constant_memory": not shared_strings})
    sheet = book.add_worksheet("花名册")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, rules.ROSTER_COLUMNS)
    for n in range(1, rows + 1):
        born = dt.date(1960, 1, 1) + dt.timedelta(days=n // 500)
        female = rng.random() < 0.4
        seq = n % 500
        sex = (seq % 5) * 2 + (0 if female else 1)
        first17 = f"110105{born:%Y%m%d}{seq // 5:02d}{sex}"
        member = rng.random() < 0.9
        card = member and rng.random() < 0.8
        cells = [
            f"职工{n}", "女" if female else "男", first17 + rules.id_check_character(first17),
            f"138{n:08d}", rng.choice(["正式", "派遣", "农民工"]), f"BR{n % BRANCHES:03d}",
            dt.datetime(2015, 1, 1) + dt.timedelta(days=n % 3000), "是" if member else "否",
            dt.datetime(2016, 1, 1) + dt.timedelta(days=n % 2000) if member else None,
            f"HZ{n:08d}" if card else "", "是" if card else "否", "在职",
        ]  # fmt: skip
        for col, value in enumerate(cells):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(n, col, value, date)
            elif value is not None and value != "":
                sheet.write_string(n, col, value)
    book.close()


def prepare_db(db_url: str) -> None:
    _setup(db_url)
    from django.core.management import call_command

    from tests.factories import make_branch
    from unionhome.models import User

    call_command("migrate", verbosity=0)
    district = make_branch(None, "D", "district", "区总工会")
    ent = make_branch(district, "E", "enterprise", "企业工会")
    for i in range(BRANCHES):
        make_branch(ent, f"BR{i:03d}", "branch", f"分会{i}")
    User.objects.create_superuser("bench", password="bench-only-password")


def phase(name: str, file: str, out: str) -> dict:
    start_rss = _rss_mb()
    from django.db import transaction

    from branches import roster_io, rules, services
    from branches.models import Branch, Worker
    from unionhome.models import User

    actor = User.objects.get(username="bench")
    unit = Branch.objects.get(code="E")
    db0 = _backend_cpu()
    t0, cpu0 = time.perf_counter(), time.process_time()
    if name == "import_baseline":
        import openpyxl

        codes = dict(Branch.objects.values_list("code", "pk"))
        gender = rules.GENDER_LABELS
        emp = rules.EMPLOYMENT_LABELS
        book = openpyxl.load_workbook(file, read_only=True)
        rows = book.worksheets[0].iter_rows(min_row=2, values_only=True)
        with transaction.atomic():
            batch = []
            for r in rows:
                batch.append(
                    Worker(
                        name=r[0], gender=gender[r[1]], id_number=r[2], phone=r[3] or "",
                        employment_type=emp[r[4]], branch_id=codes[r[5]], hire_date=r[6],
                        is_member=r[7] == "是", member_since=r[8], card_number=r[9] or "",
                        card_issued=r[10] == "是",
                    )
                )  # fmt: skip
                if len(batch) == 1000:
                    Worker.objects.bulk_create(batch)
                    batch = []
            Worker.objects.bulk_create(batch)
        count = Worker.objects.count()
    elif name == "import_floor":
        # the naive floor on PostgreSQL: python-calamine read (the whole sheet) + bulk_create
        from python_calamine import CalamineWorkbook

        codes = dict(Branch.objects.values_list("code", "pk"))
        gender, emp = rules.GENDER_LABELS, rules.EMPLOYMENT_LABELS
        rows = CalamineWorkbook.from_path(file).get_sheet_by_index(0).to_python()[1:]
        with transaction.atomic():
            batch = []
            for r in rows:
                batch.append(
                    Worker(
                        name=r[0], gender=gender[r[1]], id_number=r[2], phone=r[3] or "",
                        employment_type=emp[r[4]], branch_id=codes[r[5]], hire_date=r[6],
                        is_member=r[7] == "是", member_since=r[8] or None, card_number=r[9] or "",
                        card_issued=r[10] == "是",
                    )
                )  # fmt: skip
                if len(batch) == 1000:
                    Worker.objects.bulk_create(batch)
                    batch = []
            Worker.objects.bulk_create(batch)
        count = Worker.objects.count()
    elif name in ("import", "import_batch"):
        from branches.services import imports

        imports.USE_COPY = name == "import"  # import_batch: the bulk_create/bulk_update path
        sheet = roster_io.open_roster(roster_io.check_path(file))
        plan = services.roster_import(actor=actor, unit=unit, rows=sheet.rows())
        count = plan.created
    elif name == "export_baseline":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        ws = book.create_sheet("花名册")
        ws.append(list(rules.ROSTER_COLUMNS))
        rows = Worker.objects.order_by("branch__path", "name", "id").values_list(
            "name", "gender", "id_number", "phone", "employment_type", "branch__code", "hire_date",
            "is_member", "member_since", "card_number", "card_issued", "status",
        )  # fmt: skip
        count = 0
        for count, r in enumerate(rows.iterator(chunk_size=2000), start=1):  # noqa: B007
            ws.append(list(r))
        book.save(out)
    elif name == "export":
        count = services.roster_export(actor=actor, workers=Worker.objects.all(), target=out)
    else:
        raise SystemExit(f"unknown phase {name}")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    db1 = _backend_cpu()
    db_cpu = db1 - db0 if db0 is not None and db1 is not None else None
    return {
        "phase": name, "seconds": seconds, "cpu": cpu, "db_cpu": db_cpu, "rows": count,
        "peak_mb": _rss_mb() - start_rss,
    }  # fmt: skip


def child(args) -> None:
    _setup(args.db)
    print(json.dumps(phase(args.phase, args.file, args.out)))


def run_child(phase_name: str, db: str, file: Path, out: Path) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        phase_name,
        "--db",
        db,
        "--file",
        str(file),
        "--out",
        str(out),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"phase {phase_name} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", default="20000,100000", help="sizes, comma-separated")
    parser.add_argument("--phase")
    parser.add_argument("--db")
    parser.add_argument("--file")
    parser.add_argument("--out")
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose role may CREATE DATABASE")
    parser.add_argument("--repeat", type=int, default=3, help="PostgreSQL: alternated runs of each phase")
    parser.add_argument(
        "--phases",
        default="import_floor,import,import_batch",
        help="PostgreSQL: the phases to run, comma-separated (import_floor always runs: the ratios' base)",
    )
    args = parser.parse_args()
    if args.prepare:
        prepare_db(args.db)
        return
    if args.phase:
        child(args)
        return
    if args.postgres:
        postgres_main(args)
        return

    sizes = [int(n) for n in str(args.rows).split(",")]
    work = Path(tempfile.mkdtemp(prefix="roster-bench-"))
    runs = {}
    try:
        template = work / "template.sqlite3"
        subprocess.run(
            [sys.executable, __file__, "--prepare", "--db", f"sqlite:///{template}"], check=True, cwd=ROOT
        )

        def fresh(name: str) -> str:
            path = work / f"{name}.sqlite3"
            shutil.copy(template, path)
            return f"sqlite:///{path}"

        for size in sizes:
            file, shared = work / f"roster-{size}.xlsx", work / f"roster-{size}-shared.xlsx"
            t0 = time.perf_counter()
            make_file(file, size)
            make_file(shared, size, shared_strings=True)
            print(
                f"{size:,} rows; file {file.stat().st_size / 1e6:.1f} MB inline strings, "
                f"{shared.stat().st_size / 1e6:.1f} MB shared strings (made in {time.perf_counter() - t0:.1f} s)"
            )
            results = {}
            for name in ("import_baseline", "import"):
                results[name] = run_child(name, fresh(name), file, work / "unused.xlsx")
            results["import_shared"] = run_child(
                "import", fresh("import_shared"), shared, work / "unused.xlsx"
            )
            # exports read the database the import filled
            filled = f"sqlite:///{work / 'import.sqlite3'}"
            for name in ("export_baseline", "export"):
                results[name] = run_child(name, filled, file, work / f"{name}.xlsx")
            runs[size] = results
    finally:
        shutil.rmtree(work, ignore_errors=True)

    for size, results in runs.items():
        print(f"\n{size:,} rows")
        print(f"{'phase':<26}{'rows':>10}{'seconds':>10}{'ratio':>8}{'peak MB':>10}")
        for name, label, base in (
            ("import_baseline", "import_baseline", None),
            ("import", "import", "import_baseline"),
            ("import_shared", "import (shared strings)", "import_baseline"),
            ("export_baseline", "export_baseline", None),
            ("export", "export", "export_baseline"),
        ):
            r = results[name]
            ratio = f"{r['seconds'] / results[base]['seconds']:.2f}x" if base else "1.00x"
            print(f"{label:<26}{r['rows']:>10,}{r['seconds']:>10.1f}{ratio:>8}{r['peak_mb']:>10.1f}")
    if len(runs) > 1:
        small, large = min(runs), max(runs)
        extra = (large - small) / 1000
        print(f"\npeak memory change per 1,000 rows ({small:,} → {large:,} rows):")
        for name in ("import_baseline", "import", "import_shared", "export_baseline", "export"):
            grow = (runs[large][name]["peak_mb"] - runs[small][name]["peak_mb"]) / extra
            print(f"  {name:<24}{grow * 1024:>8.1f} KB")


def _total_cpu(run: dict) -> float:
    """The CPU time of a run: the child's and its database backend's (when known)."""
    return run["cpu"] + (run["db_cpu"] or 0)


def postgres_main(args) -> None:
    """The import on PostgreSQL against its naive floor: each phase ``--repeat`` times, alternated,
    each run in a child process on a database cloned from a migrated template; medians printed.

    - ``import_floor``: python-calamine read (whole sheet) + ``bulk_create(batch_size=1000)`` in one
      transaction; no validation, no audit;
    - ``import``: ``services.roster_import`` as it runs on PostgreSQL (checked rows and their audit
      events COPYed into staging tables and merged once, ``unionhome.bulkcopy``);
    - ``import_batch``: the same import with the batch path (``bulk_create`` / ``bulk_update`` and
      ``bulk_create`` of the audit rows chunk by chunk), as on SQLite.
    """
    import statistics
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(args.postgres)
    template, run_db = "unionhome_bench_template", "unionhome_bench_run"

    def url_of(name: str) -> str:
        return urlunsplit(parts._replace(path=f"/{name}"))

    pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {template}", f"CREATE DATABASE {template}")
    subprocess.run([sys.executable, __file__, "--prepare", "--db", url_of(template)], check=True, cwd=ROOT)
    work = Path(tempfile.mkdtemp(prefix="roster-bench-pg-"))
    phases = ("import_floor", *(p for p in args.phases.split(",") if p and p != "import_floor"))
    try:
        for size in [int(n) for n in str(args.rows).split(",")]:
            file = work / f"roster-{size}.xlsx"
            make_file(file, size)
            runs: dict[str, list[dict]] = {name: [] for name in phases}
            for _round in range(args.repeat):
                for name in phases:
                    pg_admin(
                        args.postgres,
                        f"DROP DATABASE IF EXISTS {run_db}",
                        f"CREATE DATABASE {run_db} TEMPLATE {template}",
                    )
                    runs[name].append(run_child(name, url_of(run_db), file, work / "unused.xlsx"))
                    last = runs[name][-1]
                    db = f", database {last['db_cpu']:.1f} s" if last["db_cpu"] is not None else ""
                    print(f"  {name:<14}{last['seconds']:>8.1f} s  (CPU {last['cpu']:.1f} s{db})", flush=True)
            floor = statistics.median(r["seconds"] for r in runs["import_floor"])
            print(f"\n{size:,} rows on PostgreSQL, medians of {args.repeat} alternated runs")
            print(
                f"{'phase':<16}{'rows':>10}{'seconds':>10}{'ratio':>8}{'CPU s':>8}{'db CPU s':>10}"
                f"{'CPU ratio':>11}{'peak MB':>10}"
            )
            floor_cpu = statistics.median(_total_cpu(r) for r in runs["import_floor"])
            for name in phases:
                seconds = statistics.median(r["seconds"] for r in runs[name])
                cpu = statistics.median(r["cpu"] for r in runs[name])
                known = [r["db_cpu"] for r in runs[name] if r["db_cpu"] is not None]
                db = f"{statistics.median(known):>10.1f}" if known else f"{'-':>10}"
                total = statistics.median(_total_cpu(r) for r in runs[name])
                peak = statistics.median(r["peak_mb"] for r in runs[name])
                rows = runs[name][0]["rows"]
                print(
                    f"{name:<16}{rows:>10,}{seconds:>10.1f}{seconds / floor:>7.2f}x{cpu:>8.1f}{db}"
                    f"{total / floor_cpu:>10.2f}x{peak:>10.1f}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {run_db}", f"DROP DATABASE IF EXISTS {template}")


if __name__ == "__main__":
    main()
