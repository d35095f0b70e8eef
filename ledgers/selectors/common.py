"""Shared by the reminders and the term calendar: the thresholds, the kinds of entry they read, the congress terms in force and the labels of what is owed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from branches.models import Branch
from democracy import selectors as democracy_selectors

from .. import rules


def thresholds() -> dict:
    """The ledger thresholds: ``rules.DEFAULTS`` overridden by ``settings.UNIONHOME_LEDGERS``."""
    return {**rules.DEFAULTS, **getattr(settings, "UNIONHOME_LEDGERS", {})}


QUARTERS = {1: _("Q1"), 2: _("Q2"), 3: _("Q3"), 4: _("Q4")}


FINDING_KINDS = (
    "safety_inspection",
    "inspector_network",
    "hidden_danger",
    "members_congress",
    "yearly_plan",
    "year_summary",
    "representative_training",
    "thinking_analysis",
    "commendation",
)


def _terms_in_force(user, enterprises: list[Branch], today: dt.date) -> dict[str, object]:
    """The congress term in force of each enterprise (by its path), read in the user's scope."""
    terms: dict[str, object] = {}
    current = democracy_selectors.terms(user).filter(
        enterprise__path__in=[e.path for e in enterprises], elected_on__lte=today
    )
    for term in current.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today)).order_by(
        "enterprise_id", "-number"
    ):
        terms.setdefault(term.enterprise.path, term)
    return terms


def _thinking_owed(dates: list[dt.date], today: dt.date, t: dict, *, current: bool) -> list[rules.Due]:
    """The analyses of workers' thinking an enterprise owes, given the dates of those recorded."""
    months = t["THINKING_ANALYSIS_MONTHS"]
    done = {(d.year, rules.analysis_period(d, months)) for d in dates}
    return rules.thinking_analyses_owed(done=done, today=today, months=months, current=current)


def _years_recorded(rows: list[tuple[str, str, dict]], unit: Branch, kind: str) -> set[int]:
    """The years named by the entries of ``kind`` recorded at ``unit`` itself ((path, kind, data) rows)."""
    years = set()
    for path, row_kind, data in rows:
        if row_kind == kind and path == unit.path and str((data or {}).get("year", "")).isdigit():
            years.add(int(data["year"]))
    return years


def _thinking_label(due: rules.Due, t: dict) -> str:
    if t["THINKING_ANALYSIS_MONTHS"] == 6:
        period = _("%(year)s H%(number)s") % {"year": due.year, "number": due.quarter}
    else:
        period = _("%(quarter)s %(year)s") % {"quarter": QUARTERS[due.quarter], "year": due.year}
    return _("analysis of workers' thinking of %(period)s (due by %(date)s)") % {
        "period": period,
        "date": due.date,
    }


def _commendation_label(due: rules.Due) -> str:
    return _("biennial commendation of %(year)s (titles of %(first)s–%(year)s)") % {
        "year": due.year,
        "first": due.year - 1,
    }


def _training_owed(term, has, year: int, today: dt.date, t: dict) -> rules.Due | None:
    """The representatives' training after the election of ``term`` (the congress term in force),
    when the election was this year or last and ``has`` finds no such training recorded."""
    if term is None or term.elected_on.year < year - 1:
        return None
    return rules.training_after_election(
        elected_on=term.elected_on,
        trained=has("representative_training", term=term.pk, occasion="after_election"),
        today=today,
        within_days=t["TRAINING_AFTER_ELECTION_DAYS"],
    )
