"""Simulated users of bench/load.py: officers on the dashboard and roster, workers in the portal.

Each simulated user takes a ready session from the pool that load.py prepared (LOAD_SESSIONS file:
"username session_key" per line): the run measures browsing, not 200 password hashes at once.
"""

import itertools
import os
import random
import threading

from locust import HttpUser, between, task

_lock = threading.Lock()
with open(os.environ["LOAD_SESSIONS"]) as fh:
    _POOL = {}
    for line in fh:
        name, key = line.split()
        _POOL.setdefault(name, []).append(key)
_CYCLES = {name: itertools.cycle(keys) for name, keys in _POOL.items()}


def _session(names: list[str]) -> str:
    with _lock:
        return next(_CYCLES[random.choice(names)])


class _Browsing(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    usernames: list[str] = []

    def on_start(self):
        self.client.cookies.set("sessionid", _session(self.usernames))

    @task(1)
    def baseline(self):
        # A page with no reads beyond the session and the user: the baseline of the run.
        self.client.get("/privacy/", name="privacy page (baseline)")


class Officer(_Browsing):
    weight = 3
    usernames = ["officer", "officer_b", "district", "branch"]

    @task(3)
    def dashboard(self):
        self.client.get("/office/", name="office dashboard")

    @task(4)
    def roster(self):
        self.client.get(f"/office/roster/?page={random.randint(1, 20)}", name="office roster")

    @task(2)
    def roster_filtered(self):
        self.client.get(
            "/office/roster/?is_member=false&employment_type=migrant", name="office roster filtered"
        )


class Worker(_Browsing):
    weight = 2
    usernames = ["worker"]

    @task(4)
    def profile(self):
        self.client.get("/portal/", name="portal profile")
