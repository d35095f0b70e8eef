"""The findings table (docs/SCALING.md, "Findings"): every finding of the whole tree, computed once
per language by the providers of the dashboard and swapped in whole, in one transaction; and a
reviewer's request for a fresh computation.

A refresh runs in the background (``branches.tasks.refresh_findings``: on a schedule, on request,
after ``seed_demo``; ``manage.py refresh_findings``). Readers keep the previous rows until the
swap commits: they never see a half table. A refresh that fails leaves the previous rows and
records why on its run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from unionhome import audit, bulkcopy, scope
from unionhome.masking import mask_numbers_in
from unionhome.permissions import require

from ..models import Branch, FindingCount, FindingRecord, FindingRun
from ..selectors import federation
from . import term_table

log = logging.getLogger(__name__)

KEEP_RUNS = 50  # the newest runs kept (their dates and failures); older ones are removed
_BATCH = 2000

Status = FindingRun.Status


def _whole_tree():
    """Who the providers compute for: an account that sees the whole tree (never saved)."""
    return get_user_model()(username="findings-refresh", is_active=True, is_superuser=True)


def compute() -> Iterator[tuple]:
    """Every finding of the tree, in every language of ``settings.LANGUAGES``: the rows of the
    table as ``(language, position, branch_id, path, code, severity, message, url)``, one language
    at a time (only one language's findings are held at once)."""
    user = _whole_tree()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            rows = [
                (language, i, f.branch.pk, f.branch.path, f.code, f.severity, str(f.message), str(f.url))
                for i, f in enumerate(federation.all_findings(user))
            ]
        yield from rows


class _Counts:
    """The findings of each federation's subtree per language and kind (how many, how many serious)
    as the rows go by: a finding counts at every federation on its unit's path, when its unit is
    open (the table's readers show the rows of open units only)."""

    def __init__(self):
        self.federations = dict(
            Branch.objects.filter(kind__in=Branch.FEDERATION_KINDS).values_list("path", "pk")
        )
        self.closed = set(Branch.objects.filter(is_active=False).values_list("pk", flat=True))
        self.counts: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])

    def add(self, language: str, branch_id: int, path: str, code: str, severity: str) -> None:
        if branch_id in self.closed:
            return
        step = Branch.steplen
        for end in range(step, len(path) + 1, step):
            if path[:end] in self.federations:
                count = self.counts[(language, path[:end], code)]
                count[0] += 1
                count[1] += severity == "danger"

    def records(self):
        """One row per federation, language and kind present, and one without a kind per
        federation and language (the federation was counted)."""
        for language, _name in settings.LANGUAGES:
            for path, pk in self.federations.items():
                yield FindingCount(language=language, branch_id=pk, path=path, code="")
        for (language, path, code), (count, danger) in self.counts.items():
            yield FindingCount(
                language=language,
                branch_id=self.federations[path],
                path=path,
                code=code,
                count=count,
                danger=danger,
            )


def _records(rows: Iterable[tuple], counted: list[int], counts: _Counts):
    for language, position, branch_id, path, code, severity, message, url in rows:
        counted[0] += 1
        counts.add(language, branch_id, path, code, severity)
        yield FindingRecord(
            language=language,
            position=position,
            branch_id=branch_id,
            path=path,
            code=code,
            severity=severity,
            message=message,
            url=url,
        )


@transaction.atomic
def _swap(run: FindingRun, rows: Iterable[tuple]) -> None:
    """Replace the table's rows with ``rows`` (computed as they are written, inside the
    transaction: readers keep the old rows until the commit), then call each hook of
    ``settings.UNIONHOME_REFRESH_TABLES`` (a dotted name of a function without arguments that
    rewrites its own table) in the same transaction, after the term calendar's committees
    (``term_table.refresh``): a failure of any keeps every previous row.
    Each federation's counts per kind (``FindingCount``) are tallied as the rows go by and
    written after them."""
    bulkcopy.clear_tables(FindingRecord, FindingCount)
    counted, counts = [0], _Counts()
    records = _records(rows, counted, counts)
    bulkcopy.insert_all(FindingRecord, records, batch_size=_BATCH)
    FindingCount.objects.bulk_create(counts.records(), batch_size=_BATCH)
    term_table.refresh()
    for dotted in settings.UNIONHOME_REFRESH_TABLES:  # the other tables kept by the same refresh
        import_string(dotted)()
    run.status, run.finished_at, run.findings, run.reason = Status.DONE, timezone.now(), counted[0], ""
    run.save(update_fields=["status", "finished_at", "findings", "reason"])


def failure_reason(exc: BaseException) -> str:
    """What a failed run records: the kind of error and its message (numbers masked, cut short)."""
    return mask_numbers_in(f"{type(exc).__name__}: {exc}")[:1000]


def refresh_findings(*, run_id: int | None = None) -> FindingRun | None:
    """Compute every finding and replace the table's rows with them (a queued run, or a new one).
    A run already taken or finished is left alone; a failure marks the run failed, keeps the
    previous rows and is not raised. Without a run (the schedule): nothing while another run is
    under way."""
    if run_id is None:
        if federation.findings_pending() is not None:
            return None
        run = FindingRun.objects.create()
    else:
        with transaction.atomic():
            run = FindingRun.objects.select_for_update().filter(pk=run_id).first()
            if run is None or run.status != Status.QUEUED:
                return run  # gone, or taken by another delivery of the task
            run.status, run.started_at = Status.RUNNING, timezone.now()
            run.save(update_fields=["status", "started_at"])
    if run.started_at is None:
        run.status, run.started_at = Status.RUNNING, timezone.now()
        run.save(update_fields=["status", "started_at"])
    try:
        _swap(run, compute())
    except Exception as exc:
        log.exception("findings refresh %s failed", run.pk)
        run.status, run.finished_at, run.reason = Status.FAILED, timezone.now(), failure_reason(exc)
        FindingRun.objects.filter(pk=run.pk).update(
            status=run.status, finished_at=run.finished_at, reason=run.reason
        )
    else:  # the units too: the first reads join the copied paths to each row's unit
        bulkcopy.analyze(FindingRecord, FindingCount, Branch)
    _prune()
    return run


def _prune() -> None:
    keep = list(FindingRun.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)[:KEEP_RUNS])
    FindingRun.objects.exclude(pk__in=keep).delete()


def fail_findings_run(*, run_id: int, reason: str) -> None:
    """Mark a queued run failed (its task could not be queued), with the reason."""
    FindingRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.FAILED, finished_at=timezone.now(), reason=reason
    )


def queue_run(*, requested_by=None) -> FindingRun:
    """A queued run (not recorded in the trail: the schedule's and the first reader's)."""
    return FindingRun.objects.create(requested_by=requested_by)


@transaction.atomic
def findings_refresh_request(*, actor) -> FindingRun:
    """A reviewer asks for the findings to be computed again now: a queued run, recorded in the
    trail (the caller queues its task after the commit)."""
    require(actor, "branches.refresh_findings")
    run = queue_run(requested_by=actor)
    paths = scope.branches_for(actor)
    audit.created(
        actor=actor,
        action="findings.refresh",
        obj=run,
        fields=("status",),
        branch_path=paths[0] if len(paths) == 1 else "",
    )
    return run
