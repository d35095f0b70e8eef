"""Committees and their terms (届): required committees, term dates and findings."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .rates import WomenBody, women_body_required

# Committee kinds (the values of ``Committee.Kind``), named here so the rules need no models.
UNION_COMMITTEE = "union"  # 工会委员会
FUNDS_REVIEW_COMMITTEE = "funds_review"  # 经费审查委员会
WOMEN_COMMITTEE = "women"  # 女职工委员会
WOMEN_GROUP = "women_group"  # 女工小组

# Which committee kinds satisfy a requirement: a women workers' committee is more than a group.
SATISFIED_BY: dict[str, tuple[str, ...]] = {
    UNION_COMMITTEE: (UNION_COMMITTEE,),
    FUNDS_REVIEW_COMMITTEE: (FUNDS_REVIEW_COMMITTEE,),
    WOMEN_COMMITTEE: (WOMEN_COMMITTEE,),
    WOMEN_GROUP: (WOMEN_GROUP, WOMEN_COMMITTEE),
}


def term_default_end(start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` years starting on ``start`` (a 29 February start ends on
    28 February). Terms end and are re-elected on time, 按时换届 (篇二 §三.7, §四.1)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year without one
        anniversary = start.replace(year=start.year + years, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def periods_overlap(a_start: dt.date, a_end: dt.date, b_start: dt.date, b_end: dt.date) -> bool:
    """Do two periods share a day? Both ends are inclusive (a term's ``end`` is its last day)."""
    return a_start <= b_end and b_start <= a_end


def women_body_kind(body: WomenBody) -> str | None:
    return {WomenBody.COMMITTEE: WOMEN_COMMITTEE, WomenBody.GROUP: WOMEN_GROUP}.get(body)


def required_committees(
    unit_kind: str,
    women: int,
    *,
    required_by_kind: dict[str, tuple[str, ...]],
    women_body_kinds: tuple[str, ...],
    committee_min: int = 50,
    group_min: int = 3,
) -> tuple[str, ...]:
    """The committees a unit must have: those its kind elects, plus the women workers' body that
    its number of women workers calls for (≥ 50 → committee, 3–49 → group; 篇三 4.1.2.4)."""
    required = list(required_by_kind.get(unit_kind, ()))
    if unit_kind in women_body_kinds:
        kind = women_body_kind(women_body_required(women, committee_min=committee_min, group_min=group_min))
        if kind:
            required.append(kind)
    return tuple(required)


@dataclass(frozen=True)
class TermDates:
    elected_on: dt.date
    start: dt.date
    end: dt.date


class TermState(enum.StrEnum):
    IN_TERM = "in_term"
    DUE_SOON = "due_soon"  # ends within the warning period and no successor is elected
    OVERDUE = "overdue"  # the last term has ended and no new one is in force
    NOT_STARTED = "not_started"  # no term in force yet, the elected one starts later
    NONE = "none"  # never elected


@dataclass(frozen=True)
class TermStatus:
    state: TermState
    days: int | None = None  # days left (due soon), days overdue, days until the start
    term: TermDates | None = None


def term_status(terms: list[TermDates], today: dt.date, *, due_soon_days: int = 90) -> TermStatus:
    """Where a committee stands today given all its terms.

    A term ending in ``due_soon_days`` days or fewer is due for re-election unless a successor
    term has already been elected; a term that ended yesterday is overdue by one day.
    """
    if not terms:
        return TermStatus(TermState.NONE)
    in_force = [t for t in terms if t.start <= today <= t.end]
    upcoming = [t for t in terms if t.start > today]
    if in_force:
        current = max(in_force, key=lambda t: t.start)
        left = (current.end - today).days
        if left <= due_soon_days and not upcoming:
            return TermStatus(TermState.DUE_SOON, left, current)
        return TermStatus(TermState.IN_TERM, left, current)
    if upcoming:
        first = min(upcoming, key=lambda t: t.start)
        return TermStatus(TermState.NOT_STARTED, (first.start - today).days, first)
    last = max(terms, key=lambda t: t.end)
    return TermStatus(TermState.OVERDUE, (today - last.end).days, last)


@dataclass(frozen=True)
class CommitteeFinding:
    """What is wrong with one unit's committees; the selector turns it into a sentence."""

    code: str  # missing | overdue | due_soon | not_started | not_together
    committee: str | None = None  # the committee kind concerned
    days: int | None = None
    date: dt.date | None = None
    elected: tuple[tuple[str, dt.date], ...] = ()  # for not_together: (kind, elected_on) pairs


def committee_findings(
    *,
    required: tuple[str, ...],
    terms: dict[str, list[TermDates]],
    today: dt.date,
    due_soon_days: int = 90,
) -> list[CommitteeFinding]:
    """Each required committee exists and is in term, re-elections are not due or overdue, and the
    union committee, the funds review committee and the women workers' body were elected together
    at the last election (同步组建, 篇二 §三.7)."""
    findings: list[CommitteeFinding] = []
    chosen: dict[str, str] = {}
    for need in required:
        have = [k for k in SATISFIED_BY.get(need, (need,)) if terms.get(k)]
        if not have:
            findings.append(CommitteeFinding("missing", need))
            continue
        kind = have[0]
        chosen[need] = kind
        status = term_status(terms[kind], today, due_soon_days=due_soon_days)
        if status.state == TermState.OVERDUE:
            findings.append(CommitteeFinding("overdue", kind, status.days, status.term.end))
        elif status.state == TermState.DUE_SOON:
            findings.append(CommitteeFinding("due_soon", kind, status.days, status.term.end))
        elif status.state == TermState.NOT_STARTED:
            findings.append(CommitteeFinding("not_started", kind, status.days, status.term.start))
    if FUNDS_REVIEW_COMMITTEE in required:
        together = [
            (kind, max(terms[kind], key=lambda t: t.start).elected_on)
            for need, kind in chosen.items()
            if need in (UNION_COMMITTEE, FUNDS_REVIEW_COMMITTEE, WOMEN_COMMITTEE, WOMEN_GROUP)
        ]
        if len(together) >= 2 and len({d for _k, d in together}) > 1:
            findings.append(CommitteeFinding("not_together", elected=tuple(together)))
    return findings
