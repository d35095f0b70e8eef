"""A generated tree of units under an existing one, and a count of the rows a request loads: for the
tests that a federation's page stays flat whatever the number of units in its scope."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from branches.models import Branch


def grow(parent: Branch, *, enterprises: int = 400, branches: int = 4) -> int:
    """A district under ``parent`` holding ``enterprises`` enterprises of ``branches`` branches each
    (2,001 units by default), written in one ``bulk_create`` with their tree paths computed."""
    parent.refresh_from_db()
    nodes: list[Branch] = []

    def node(above: Branch, index: int, code: str, kind: str, name: str) -> Branch:
        depth = above.depth + 1
        unit = Branch(code=code, name=name, kind=kind, depth=depth, numchild=0,
                      path=Branch._get_path(above.path, depth, index))  # fmt: skip
        above.numchild += 1
        nodes.append(unit)
        return unit

    district = node(parent, parent.numchild + 1, "GEN-D", "district", "生成区总工会")
    for e in range(enterprises):
        enterprise = node(district, e + 1, f"GEN-E{e}", "enterprise", f"生成企业{e}工会")
        for b in range(branches):
            node(enterprise, b + 1, f"GEN-E{e}B{b}", "branch", f"生成企业{e}第{b}分会")
    Branch.objects.bulk_create(nodes, batch_size=1000)
    Branch.objects.filter(pk=parent.pk).update(numchild=parent.numchild)
    return len(nodes)


@contextmanager
def loads(*models) -> Iterator[Counter]:
    """Counts the queries (key ``"queries"``) and the model instances built (one per row read) in
    the block, by model name."""
    counts: Counter = Counter()

    def built(sender, **kwargs):
        counts[sender.__name__] += 1

    for model in models:
        post_init.connect(built, sender=model, weak=False, dispatch_uid=f"loads-{model.__name__}")
    try:
        with CaptureQueriesContext(connection) as queries:
            yield counts
        counts["queries"] = len(queries.captured_queries)
    finally:
        for model in models:
            post_init.disconnect(sender=model, dispatch_uid=f"loads-{model.__name__}")
