"""Transfer of membership (会员关系转接): open states and dates of moves."""

from __future__ import annotations

import datetime as dt

# A transfer is open while it waits for the old unit ("asked", "claimed") or the receiving union
# ("requested"); its table is branches/workflows.py.
TRANSFER_OPEN_STATES = ("asked", "requested", "claimed")


def path_on(current_path: str, moves: list[tuple[dt.date, str, str]], on: dt.date) -> str:
    """Where a worker stood on ``on``, given the accepted moves (date, from path, to path).

    A move takes effect on its date: on that day the worker counts in the new unit. The unit on
    ``on`` is the old unit of the first move after ``on``; with no later move it is the current one.
    """
    later = sorted((m for m in moves if m[0] > on), key=lambda m: m[0])
    return later[0][1] if later else current_path


def in_month(day: dt.date) -> str:
    """The period key of a date (YYYY-MM)."""
    return f"{day:%Y-%m}"


def last_months(today: dt.date, count: int) -> list[str]:
    """The ``count`` month keys ending with today's month, oldest first."""
    year, month = today.year, today.month
    keys = []
    for _i in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))
