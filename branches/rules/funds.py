"""Union funds (工会经费上解): paid in full, on time, late, outstanding or withheld."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal


class FundsStatus(enum.StrEnum):
    """工会经费上解 status (篇二 §三.10 and §五.4(5): not remitting or withholding disqualifies)."""

    ON_TIME = "on_time"  # paid in full by the due date
    LATE = "late"  # paid in full, after the due date
    OUTSTANDING = "outstanding"  # not paid in full and the due date has passed
    PENDING = "pending"  # not paid in full, not yet due
    WITHHELD = "withheld"  # flagged as withheld (截留), whatever was paid


def paid_in_full_on(amount_due: Decimal, payments: list[tuple[dt.date, Decimal]]) -> dt.date | None:
    """The day the payments, in date order, first reached the amount due (None: not yet)."""
    if amount_due <= 0:
        return min((d for d, _a in payments), default=dt.date.min)
    total = Decimal(0)
    for day, amount in sorted(payments):
        total += amount
        if total >= amount_due:
            return day
    return None


def funds_status(
    *,
    amount_due: Decimal,
    due_on: dt.date,
    payments: list[tuple[dt.date, Decimal]],
    withheld: bool,
    today: dt.date,
) -> FundsStatus:
    """On time if paid in full by the due date (that day included), late if after it; outstanding
    from the day after the due date while not paid in full; withheld whenever flagged."""
    if withheld:
        return FundsStatus.WITHHELD
    done = paid_in_full_on(amount_due, payments)
    if done is not None:
        return FundsStatus.ON_TIME if done <= due_on else FundsStatus.LATE
    return FundsStatus.OUTSTANDING if today > due_on else FundsStatus.PENDING


def funds_remitted(status: FundsStatus) -> bool:
    """Remitted for the assessment: the year's due paid in full, late or not (篇二 §五.4(5))."""
    return status in (FundsStatus.ON_TIME, FundsStatus.LATE)


def amount_paid(payments: list[tuple[dt.date, Decimal]]) -> Decimal:
    return sum((a for _d, a in payments), Decimal(0))
