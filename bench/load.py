"""Load test: 200 simulated users against gunicorn + PostgreSQL + Redis on this machine.

Needs DATABASE_URL (PostgreSQL) and REDIS_URL; `make bench` starts both with .ci/services.sh when
they are not set. Migrates and loads the demo data into that database, starts gunicorn on a free
loopback port with production settings (plain HTTP: secure cookies and the second factor are
switched off for the run only), prepares logged-in sessions, runs locust headless and prints requests per second, p50/p95/p99
latency and errors per page. The baseline is the privacy page (session and user only) in the same run.
Usage: python bench/load.py [--users 200] [--seconds 60]
"""

from __future__ import annotations

import argparse
import csv
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


# Logged-in sessions made server-side, as a login would make them (the session auth hash included).
SESSIONS_SCRIPT = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from unionhome.models import User
with open("{path}", "w") as out:
    for user in User.objects.filter(username__in=["officer", "officer_b", "district", "branch", "worker"]):
        for _ in range({per_user}):
            s = SessionStore()
            s[SESSION_KEY] = str(user.pk)
            s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            s[HASH_SESSION_KEY] = user.get_session_auth_hash()
            s.create()
            out.write(user.username + " " + s.session_key + "\\n")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        print("load.py needs DATABASE_URL (PostgreSQL) and REDIS_URL; run it through `make bench`.")
        return 2
    out = Path(tempfile.mkdtemp(prefix="unionhome-load-"))
    env = {
        **os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "load-test-only-" + "x" * 40,
        "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0", "DJANGO_HSTS_SECONDS": "0",
        "UNIONHOME_REQUIRE_2FA": "0", "STATIC_ROOT": str(out / "static"), "LOG_LEVEL": "WARNING",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }  # fmt: skip
    manage = [sys.executable, str(ROOT / "manage.py")]
    for cmd in (
        ["migrate", "--noinput"],
        ["compilemessages", "--ignore=.venv"],
        ["collectstatic", "--noinput"],
        ["seed_demo"],
    ):
        subprocess.run([*manage, *cmd], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    sessions = out / "sessions.txt"
    subprocess.run([*manage, "shell", "-c", SESSIONS_SCRIPT.format(path=sessions, per_user=args.users)],
                   env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    env["LOAD_SESSIONS"] = str(sessions)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "unionhome.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=ROOT,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)  # noqa: S310 - loopback
                break
            except OSError:
                time.sleep(0.2)
        started = time.time()
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u", str(args.users),
             "-r", str(max(1, args.users // 10)), "-t", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}",
             "--csv", str(out / "load"), "--only-summary", "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        elapsed = time.time() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = list(csv.DictReader((out / "load_stats.csv").open()))
    by_name = {r["Name"]: r for r in rows}
    baseline = float(by_name["privacy page (baseline)"]["50%"] or 1)
    print(
        f"{args.users} users, {args.seconds} s, gunicorn {args.workers} sync workers, {os.cpu_count()} cores, PostgreSQL + Redis"
    )
    print(
        f"{'page':28s} {'requests':>9s} {'errors':>7s} {'req/s':>7s} {'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} {'p50/baseline':>12s}"
    )
    errors = 0
    for r in rows:
        errors += int(r["Failure Count"])
        p50 = float(r["50%"] or 0)
        print(f"{r['Name']:28s} {r['Request Count']:>9s} {r['Failure Count']:>7s} {float(r['Requests/s']):7.1f} "
              f"{r['50%']:>7s} {r['95%']:>7s} {r['99%']:>7s} {p50 / baseline:12.2f}")  # fmt: skip
    print(f"wall time {elapsed:.0f} s; total errors: {errors}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
