"""What a worker's portal shows of the ledgers: their activities, training hours, funds and pairing cadres."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet, Sum

from branches.models import Worker

from ..models import LedgerEntry, LedgerParticipant


def participations(worker: Worker) -> QuerySet[LedgerParticipant]:
    """The entries a worker took part in, newest first."""
    return (
        LedgerParticipant.objects.filter(worker=worker)
        .select_related("entry", "entry__branch")
        .order_by("-entry__date", "-entry_id")
    )


def training_hours(worker: Worker, year: int) -> Decimal:
    return LedgerParticipant.objects.filter(
        worker=worker, entry__kind__in=("training", "representative_training"), entry__date__year=year
    ).aggregate(h=Sum("hours"))["h"] or Decimal("0")


def funds_of(worker: Worker) -> list[LedgerEntry]:
    """The mutual-aid funds the worker is a member of (their latest entry each)."""
    seen, result = set(), []
    for p in participations(worker).filter(entry__kind="mutual_aid_fund"):
        if p.entry.title not in seen:
            seen.add(p.entry.title)
            result.append(p.entry)
    return result


def pairing_cadres(worker: Worker) -> list[Worker]:
    """The cadres paired with the worker's family (一包一)."""
    ids = [
        (d or {}).get("cadre")
        for d in LedgerEntry.objects.filter(kind="cadre_pairing", data__family=worker.pk).values_list(
            "data", flat=True
        )
    ]
    return list(Worker.objects.filter(pk__in=[i for i in ids if i]).select_related("branch"))


def pairing_visits(worker: Worker) -> QuerySet[LedgerEntry]:
    return LedgerEntry.objects.filter(kind="home_visit", data__family=worker.pk).order_by("-date")
