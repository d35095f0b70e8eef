"""Plausible facts about a worker: age from the ID number, hire and join dates (docs/DOMAIN.md).

Pure functions: dates and thresholds in, a problem code (or None) out. The worker form, the
roster import and the hardship household check call them; each caller words the codes.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_WORKER_AGE_RANGE = (16, 70)  # settings.UNIONHOME_WORKER_AGE_RANGE overrides it
MIN_WORKING_AGE = 16  # nobody is hired or joins the union younger (Labour Law art. 15)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years between ``birth`` and ``on``."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birthday_at(birth: dt.date, age: int) -> dt.date:
    """The day the person turns ``age`` (29 February → 28 February in common years)."""
    year = birth.year + age
    try:
        return birth.replace(year=year)
    except ValueError:
        return dt.date(year, 2, 28)


def birth_date_problem(birth: dt.date, *, today: dt.date) -> str | None:
    """'birth_future' for a birth date after today."""
    return "birth_future" if birth > today else None


def worker_age_problem(
    birth: dt.date, *, today: dt.date, age_range: tuple[int, int] = DEFAULT_WORKER_AGE_RANGE
) -> str | None:
    """'birth_future', 'too_young' or 'too_old' for a worker on the roster; None when plausible.

    The range is inclusive: with (16, 70) a worker who turned 16 today or is 70 passes.
    """
    if problem := birth_date_problem(birth, today=today):
        return problem
    low, high = age_range
    age = age_on(birth, today)
    if age < low:
        return "too_young"
    if age > high:
        return "too_old"
    return None


def past_date_problem(
    value: dt.date | None, *, today: dt.date, birth: dt.date | None = None, margin_days: int = 0
) -> str | None:
    """A date that records the past (hire, join): 'future' after today (plus the margin),
    'before_working_age' before the person turned 16."""
    if value is None:
        return None
    if value > today + dt.timedelta(days=margin_days):
        return "future"
    if birth is not None and value < birthday_at(birth, MIN_WORKING_AGE):
        return "before_working_age"
    return None


def membership_problem(
    member_since: dt.date | None, hire_date: dt.date | None, *, joined_before_employer: bool = False
) -> str | None:
    """'before_hire' for a membership date before the hire date, unless the worker joined the
    union at an earlier employer (then the date stays as it was)."""
    if member_since is None or hire_date is None or joined_before_employer:
        return None
    return "before_hire" if member_since < hire_date else None
