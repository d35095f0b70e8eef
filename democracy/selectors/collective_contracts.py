"""Scoped reads of collective contracts (集体合同): clauses, fulfilment checks, and the labour-dispute
mediation committee and its cases.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from branches.models import Worker
from unionhome import scope

from .. import conf, rules
from ..models import ClauseResult, Contract, FulfilmentCheck, MediationCase, MediationCommittee
from .common import enterprise_of_worker, enterprise_q


def contracts(user) -> QuerySet[Contract]:
    return (
        Contract.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(clause_count=Count("clauses", distinct=True))
    )


def contract(user, pk: int) -> Contract:
    return scope.get_or_404(contracts(user), user, None, pk=pk)


def with_expiry(rows, today: dt.date | None = None):
    today = today or timezone.localdate()
    days = conf.get("CONTRACT_EXPIRY_WARNING_DAYS")
    for row in rows:
        row.expiring = rules.contract_expiring(row.ends_on, today, days)
        row.in_force = rules.contract_in_force(row.starts_on, row.ends_on, today)
    return rows


def check_rate(check: FulfilmentCheck) -> Decimal | None:
    counts = Counter(check.results.values_list("result", flat=True))
    return rules.fulfilment_rate(
        counts[ClauseResult.Result.FULFILLED], counts[ClauseResult.Result.PARTLY], sum(counts.values())
    )


def contract_checks(contract: Contract) -> list[tuple[FulfilmentCheck, Decimal | None, list[ClauseResult]]]:
    rows = []
    for check in contract.checks.prefetch_related(
        Prefetch("results", queryset=ClauseResult.objects.select_related("clause").order_by("clause__number"))
    ):
        results = list(check.results.all())
        counts = Counter(r.result for r in results)
        rows.append(
            (
                check,
                rules.fulfilment_rate(
                    counts[ClauseResult.Result.FULFILLED], counts[ClauseResult.Result.PARTLY], len(results)
                ),
                results,
            )
        )
    return rows


def published_contracts(worker: Worker) -> QuerySet[Contract]:
    """The contracts published to the worker's enterprise; none for a worker who has left."""
    if worker.status != Worker.Status.ACTIVE:
        return Contract.objects.none()
    return Contract.objects.filter(enterprise=enterprise_of_worker(worker), published=True).prefetch_related(
        "clauses"
    )


def published_contract(worker: Worker, pk: int) -> Contract:
    return scope.get_or_404(published_contracts(worker), None, None, pk=pk)


def mediation_committees(user) -> QuerySet[MediationCommittee]:
    return MediationCommittee.objects.filter(enterprise_q(user)).select_related("enterprise")


def mediation_cases(user) -> QuerySet[MediationCase]:
    return MediationCase.objects.filter(enterprise_q(user, "committee__enterprise__path")).select_related(
        "committee", "committee__enterprise"
    )
