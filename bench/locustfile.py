"""Simulated users of bench/load.py, one class per kind of user of its plan (LOAD_PLAN, JSON).

The plan names, per kind: its share of the users (`weight`), its pages with their weights, and its
accounts, each with ready logged-in sessions and the URLs of each page for that account. A simulated
user takes one account of its kind and one of its sessions (the run measures browsing, not
hundreds of password hashes at once), then opens the kind's pages by weight, one of each page's
URLs at random, waiting 1–5 s between pages. Requests are counted under the page's name, which
each request also carries in its X-Load-Page header for gunicorn's access log (the time in the
worker, without the wait in the queue).
"""

import json
import os
import random

from locust import HttpUser, between

with open(os.environ["LOAD_PLAN"]) as fh:
    PLAN = json.load(fh)


class _Browsing(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    kind = ""

    def on_start(self):
        account = random.choice(PLAN["kinds"][self.kind]["accounts"])
        self.urls = account["urls"]
        self.client.cookies.set("sessionid", random.choice(account["sessions"]))


def _page(name: str):
    def open_page(user: _Browsing) -> None:
        user.client.get(random.choice(user.urls[name]), name=name, headers={"X-Load-Page": name})

    return open_page


for _n, (_kind, _spec) in enumerate(PLAN["kinds"].items()):
    globals()[f"User{_n}"] = type(
        f"User{_n}",
        (_Browsing,),
        {
            "kind": _kind,
            "weight": _spec["weight"],
            "tasks": {_page(name): weight for name, weight in _spec["pages"].items()},
        },
    )
