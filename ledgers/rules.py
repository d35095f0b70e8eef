"""Pure rules of the work ledgers (docs/DOMAIN.md §9): the field schema of a ledger kind, the checks
of an entry's typed data, quarters, and the indicators and reminders computed from plain values.

Standard library only; thresholds are passed in (defaults in ``DEFAULTS``, overridden by
``settings.UNIONHOME_LEDGERS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# Field types of a kind's schema.
TEXT, LONGTEXT, INT, DECIMAL, DATE, CHOICE, BOOL = (
    "text",
    "longtext",
    "int",
    "decimal",
    "date",
    "choice",
    "bool",
)
UNIT = "unit"  # a unit of the entry's subtree (a workshop, a team)
WORKER = "worker"  # a worker on the roster of the entry's subtree
TERM = "term"  # a term of the enterprise's workers' congress (democracy)
SESSION = "session"  # a session of that congress (democracy)
REFERENCE_TYPES = frozenset({UNIT, WORKER, TERM, SESSION})
TYPES = frozenset({TEXT, LONGTEXT, INT, DECIMAL, DATE, CHOICE, BOOL}) | REFERENCE_TYPES

TEXT_MAX = 200
LONGTEXT_MAX = 4000
ROLE_MAX = 60

# A participant's hours (training): from half an hour to 200 hours, in half hours.
HOURS_MIN = Decimal("0.5")
HOURS_MAX = Decimal("200")
HOURS_STEP = Decimal("0.5")

DEFAULTS = {
    "INSPECTIONS_PER_QUARTER": 1,  # safety inspection rounds per workshop and quarter
    "DANGERS_CLOSED_TARGET": Decimal("0.90"),  # hidden dangers closed by their deadline
    "TRAINING_HOURS_PER_REPRESENTATIVE": Decimal("8"),  # per representative and year
    "PAIRINGS_VISITED_TARGET": Decimal("1.00"),  # every paired family visited in the year
    "CULTURE_PARTICIPATION_TARGET": Decimal("0.60"),  # workers who took part in culture and sports
    "LETTERS_ANSWERED_TARGET": Decimal("1.00"),  # "事事有回音，件件有着落"
    "LETTER_ANSWER_DAYS": 15,  # a letter or visit is answered within this many days
    "CONGRESS_DUE_MONTH": 12,  # the members' congress of the year is overdue after this month
    "PLAN_DUE_MONTH": 3,  # the year's home-building plan is due by the end of this month
    "SUMMARY_DUE_MONTH": 12,  # the year-end summary is due in this month (overdue the next year)
    "TRAINING_AFTER_ELECTION_DAYS": 90,  # representatives trained within this many days of an election
    "CADRE_SATISFACTION_TARGET": Decimal("0.80"),  # members satisfied with the union's cadres
    "BOOKS_MATCH_TARGET": Decimal("1.00"),  # units whose books match their assets (帐物相符)
    "INFORMATION_ITEMS_PER_YEAR": 4,  # union news submitted or published (one a quarter)
    # 篇三 4.1.4.2 "定期分析职工的思想": the plan names no period; an analysis every quarter (3) or every
    # half-year (6) months
    "THINKING_ANALYSIS_MONTHS": 3,
    # 篇二 §六.1 "每两年进行一次表彰与奖励": a commendation in every second year from this one, due by the
    # end of the month below
    "COMMENDATION_FIRST_YEAR": 2000,
    "COMMENDATION_DUE_MONTH": 12,
}


@dataclass(frozen=True)
class Field:
    """One typed field of a ledger kind. ``label`` is whatever the caller shows (a lazy string)."""

    name: str
    type: str
    label: object = ""
    required: bool = False
    choices: tuple[tuple[str, object], ...] = ()
    min: Decimal | int | None = None
    max: Decimal | int | None = None
    computed: bool = False  # written by the service from the other fields, never typed in

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"unknown field type {self.type!r}")
        if self.type == CHOICE and not self.choices:
            raise ValueError(f"choice field {self.name!r} without choices")


@dataclass
class Checked:
    """The outcome of checking an entry's data: the clean values (JSON-ready) and the errors."""

    data: dict = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # field name → error code


def _number(value, kind: type):
    if isinstance(value, bool):
        raise ValueError
    if kind is int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if not text.lstrip("-").isdigit():
            raise ValueError
        return int(text)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise ValueError from exc
    if not number.is_finite():
        raise ValueError
    return number


def check_value(f: Field, value):
    """(clean value, error code or ""). Empty values are None; a required field refuses them."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if f.type == BOOL:
            return False, ""
        return None, ("required" if f.required else "")
    if f.type == BOOL:
        if isinstance(value, bool):
            return value, ""
        return str(value).strip().lower() in {"1", "true", "on", "yes"}, ""
    if f.type in (TEXT, LONGTEXT):
        text = str(value).strip()
        if len(text) > (TEXT_MAX if f.type == TEXT else LONGTEXT_MAX):
            return None, "too_long"
        return text, ""
    if f.type == CHOICE:
        text = str(value).strip()
        return (text, "") if text in {c for c, _ in f.choices} else (None, "choice")
    if f.type == DATE:
        if isinstance(value, dt.date):
            return value.isoformat(), ""
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat(), ""
        except ValueError:
            return None, "date"
    kind = Decimal if f.type == DECIMAL else int
    try:
        number = _number(value, kind)
    except ValueError:
        return None, "number"
    if f.type in REFERENCE_TYPES and number <= 0:
        return None, "reference"
    if f.min is not None and number < f.min:
        return None, "min"
    if f.max is not None and number > f.max:
        return None, "max"
    return (str(number) if kind is Decimal else number), ""


def check_data(fields: Sequence[Field], raw: Mapping) -> Checked:
    """Check every declared field of ``raw``; keys not declared, and computed fields, are dropped."""
    out = Checked()
    for f in fields:
        if f.computed:
            continue
        value, error = check_value(f, raw.get(f.name))
        if error:
            out.errors[f.name] = error
        elif value is not None:
            out.data[f.name] = value
    return out


def as_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def as_decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def participant_hours_error(hours) -> str:
    """ "" when ``hours`` is a participant's valid hours, else the error code."""
    if hours is None or (isinstance(hours, str) and not hours.strip()):
        return "hours"
    try:
        value = _number(hours, Decimal)
    except ValueError:
        return "hours"
    if value < HOURS_MIN or value > HOURS_MAX:
        return "hours_range"
    if value % HOURS_STEP:
        return "hours_step"
    return ""


# --- rules of single kinds -----------------------------------------------------------------------


def hidden_danger_errors(
    *, found_on: dt.date, deadline: dt.date | None, closed_on: dt.date | None, today: dt.date
) -> dict[str, str]:
    """A rectification deadline on or after the day the danger was found; a closing date between
    that day and today."""
    errors = {}
    if deadline is not None and deadline < found_on:
        errors["deadline"] = "before_found"
    if closed_on is not None:
        if closed_on < found_on:
            errors["closed_on"] = "before_found"
        elif closed_on > today:
            errors["closed_on"] = "future"
    return errors


def closed_in_time(deadline: dt.date | None, closed_on: dt.date | None) -> bool:
    """Closed on or before its deadline (a danger without a deadline is in time once closed)."""
    return closed_on is not None and (deadline is None or closed_on <= deadline)


def cadre_evaluation_errors(*, voters: int | None, satisfied: int | None) -> dict[str, str]:
    """The satisfied members of a cadre evaluation are some of those who took part."""
    if voters is not None and satisfied is not None and satisfied > voters:
        return {"satisfied": "more_than_voters"}
    return {}


def finance_difference(book_value, counted_value) -> Decimal | None:
    """Counted value less book value (negative: assets short of the books); None without both."""
    book, counted = as_decimal(book_value), as_decimal(counted_value)
    if book is None or counted is None:
        return None
    return (counted - book).quantize(Decimal("0.01"))


def all_true(flags: Iterable[bool]) -> int | None:
    """1 when every flag is true, 0 when one is false, None ("no data") when there is none."""
    flags = list(flags)
    if not flags:
        return None
    return int(all(flags))


# --- quarters and periods ---------------------------------------------------------------------


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def ended_quarters(year: int, today: dt.date) -> list[int]:
    """The quarters of ``year`` that are over on ``today`` (all four for a past year)."""
    if year < today.year:
        return [1, 2, 3, 4]
    if year > today.year:
        return []
    return list(range(1, quarter_of(today)))


def period_bounds(year: int, quarter: int | None = None) -> tuple[dt.date, dt.date]:
    if quarter:
        return quarter_bounds(year, quarter)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- indicators ---------------------------------------------------------------------------------


def share(part: int, whole: int) -> Decimal | None:
    """part / whole to four places; None ("no data") when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def missed_inspection_quarters(
    counts: Mapping[tuple[int, int], int], workshops: Iterable[int], quarters: Iterable[int], per_quarter: int
) -> list[tuple[int, int, int]]:
    """(workshop, quarter, rounds held) for every workshop and ended quarter below ``per_quarter``."""
    quarters = list(quarters)
    return [
        (w, q, counts.get((w, q), 0))
        for w in workshops
        for q in quarters
        if counts.get((w, q), 0) < per_quarter
    ]


def inspections_share(
    counts: Mapping[tuple[int, int], int], workshops: Sequence[int], quarters: Sequence[int], per_quarter: int
) -> Decimal | None:
    """Share of (workshop, ended quarter) pairs with enough inspection rounds; None: nothing due."""
    due = len(workshops) * len(quarters)
    missed = len(missed_inspection_quarters(counts, workshops, quarters, per_quarter))
    return share(due - missed, due)


def dangers_closed_in_time(
    dangers: Iterable[tuple[dt.date | None, dt.date | None]], today: dt.date
) -> tuple[int, int]:
    """(closed in time, counted) over the dangers whose deadline has passed or that are closed."""
    counted = in_time = 0
    for deadline, closed_on in dangers:
        if closed_on is None and (deadline is None or deadline >= today):
            continue  # still open and not yet due: not counted either way
        counted += 1
        in_time += closed_in_time(deadline, closed_on)
    return in_time, counted


def hours_per_head(total_hours: Decimal, heads: int) -> Decimal | None:
    if not heads:
        return None
    return (Decimal(total_hours) / heads).quantize(Decimal("0.1"))


def answered_in_time(
    received_on: dt.date, answered_on: dt.date | None, *, days: int, today: dt.date
) -> bool | None:
    """True: answered within ``days``; False: answered late, or open past the limit; None: open and
    still within the limit (not counted yet)."""
    limit = received_on + dt.timedelta(days=days)
    if answered_on is not None:
        return answered_on <= limit
    return False if today > limit else None


def meets(value, target) -> bool | None:
    """Does the value reach the target? None when there is no data."""
    if value is None:
        return None
    return value >= target


# --- reminders ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    code: str  # "congress", "plan", "summary", "inspection", "training_after_election"
    overdue: bool
    year: int = 0
    quarter: int = 0
    date: dt.date | None = None


def yearly_dues(
    *, year: int, today: dt.date, has_congress: bool, has_plan: bool, has_summary: bool, thresholds: Mapping
) -> list[Due]:
    """What a unit owes for ``year``: the members' congress, the plan, the year-end summary."""
    dues = []
    if year > today.year:
        return dues
    past = year < today.year
    if not has_congress:
        dues.append(Due("congress", past or today.month > thresholds["CONGRESS_DUE_MONTH"], year))
    if not has_plan:
        dues.append(Due("plan", past or today.month > thresholds["PLAN_DUE_MONTH"], year))
    if not has_summary and (past or today.month >= thresholds["SUMMARY_DUE_MONTH"]):
        dues.append(Due("summary", past, year))
    return dues


def month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)) - dt.timedelta(days=1)


def yearly_due_dates(year: int, thresholds: Mapping) -> dict[str, dt.date]:
    """The day each yearly duty of ``year`` falls due: the members' congress, the plan, the summary."""
    return {
        "congress": month_end(year, thresholds["CONGRESS_DUE_MONTH"]),
        "plan": month_end(year, thresholds["PLAN_DUE_MONTH"]),
        "summary": month_end(year, thresholds["SUMMARY_DUE_MONTH"]),
    }


def analysis_period(day: dt.date, months: int) -> int:
    """The number of the period of ``months`` (3: quarters, 6: halves) that ``day`` falls in."""
    return (day.month - 1) // months + 1


def analysis_bounds(year: int, number: int, months: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, (number - 1) * months + 1, 1), month_end(year, number * months)


def thinking_analyses_owed(
    *, done: set[tuple[int, int]], today: dt.date, months: int, current: bool
) -> list[Due]:
    """The analyses of workers' thinking (篇三 4.1.4.2, every ``months`` months) not recorded: each
    ended period of this year (in the first period, also the last one of last year), overdue, and,
    with ``current``, the period under way. ``done``: (year, period number) with an analysis."""
    now = analysis_period(today, months)
    periods = [(today.year, n) for n in range(1, now)]
    if now == 1:
        periods.insert(0, (today.year - 1, 12 // months))
    if current:
        periods.append((today.year, now))
    return [
        Due("thinking_analysis", (y, n) != (today.year, now), y, n, analysis_bounds(y, n, months)[1])
        for y, n in periods
        if (y, n) not in done
    ]


def commendation_owed(*, done_years: set[int], today: dt.date, thresholds: Mapping) -> Due | None:
    """The biennial commendation (篇二 §六.1) of the latest commendation year up to ``today`` when not
    recorded: overdue after its due date, due until then (None in a year between two)."""
    first = thresholds["COMMENDATION_FIRST_YEAR"]
    year = today.year - (today.year - first) % 2
    if year < first or year in done_years:
        return None
    due_on = month_end(year, thresholds["COMMENDATION_DUE_MONTH"])
    return Due("commendation", today > due_on, year, date=due_on)


def training_after_election(
    *, elected_on: dt.date, trained: bool, today: dt.date, within_days: int
) -> Due | None:
    """Representatives owe a full training after each election (篇三 4.1.3.6)."""
    if trained or elected_on > today:
        return None
    deadline = elected_on + dt.timedelta(days=within_days)
    return Due("training_after_election", today > deadline, elected_on.year, date=deadline)
