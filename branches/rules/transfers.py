"""Transfer of membership (会员关系转接): the transition table and dates of moves."""

from __future__ import annotations

import datetime as dt

# Three ways in (seed: 会员关系转接): an officer of the old unit starts a transfer out
# ("requested"); the worker asks in the portal ("asked", which the old unit's officer confirms into
# "requested"); an importing union claims a worker still on another enterprise's roster ("claimed",
# which the old unit's officer releases). The receiving union's officer accepts or refuses a
# request; for a union outside the system the old unit's officer records the receiving union's
# acceptance. Roles: "sender" (officer of the old unit), "receiver" (union officer of the receiving
# enterprise; the sender for a union outside the system), "worker" (the worker who asked).

TRANSFER_OPEN_STATES = ("asked", "requested", "claimed")

TRANSFER_TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    ("asked", "confirm"): ("requested", frozenset({"sender"})),
    ("asked", "refuse"): ("refused", frozenset({"sender"})),
    ("asked", "cancel"): ("cancelled", frozenset({"sender", "worker"})),
    ("requested", "accept"): ("accepted", frozenset({"receiver"})),
    ("requested", "refuse"): ("refused", frozenset({"receiver"})),
    ("requested", "cancel"): ("cancelled", frozenset({"sender", "worker"})),
    ("claimed", "release"): ("accepted", frozenset({"sender"})),
    ("claimed", "refuse"): ("refused", frozenset({"sender"})),
    ("claimed", "cancel"): ("cancelled", frozenset({"receiver"})),
}


class TransitionError(ValueError):
    """A step the transition table does not allow; ``code`` is "state" or "role"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def transfer_next(state: str, action: str, roles: set[str] | frozenset[str]) -> str:
    """The state after ``action`` by someone holding ``roles``; TransitionError if not allowed."""
    step = TRANSFER_TRANSITIONS.get((state, action))
    if step is None:
        raise TransitionError("state")
    target, allowed = step
    if not (allowed & set(roles)):
        raise TransitionError("role")
    return target


def transfer_actions(state: str, roles: set[str] | frozenset[str]) -> list[str]:
    """The actions open to someone holding ``roles`` in ``state`` (for buttons)."""
    return [
        a for (s, a), (_t, allowed) in TRANSFER_TRANSITIONS.items() if s == state and allowed & set(roles)
    ]


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
