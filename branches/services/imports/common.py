"""What an import did or would do, the fields it writes, and the helpers its chunks share."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from ... import rules
from ...exceptions import RosterImportRefused
from ...models import Branch, Worker
from ..roster import WORKER_FIELDS

LOOKUP_CHUNK = 900  # below SQLite's historical 999-parameter limit


@dataclass(frozen=True)
class Claim:
    """A row whose ID number and name match a worker active on another enterprise's roster: the
    import can only start a membership transfer for it, to ``branch``, the unit the row names."""

    row: int
    worker: Worker
    branch: Branch
    holder: str = ""  # the other enterprise's name, only when the importer's scope covers it


@dataclass
class ImportPlan:
    """What an import did or would do: counts, the problems found, the claims and transfers."""

    unit: Branch
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_active: int = 0  # active workers of the unit not in the file (marked left on request)
    problems: list = field(default_factory=list)
    claims: list = field(default_factory=list)  # Claim rows (workers of other enterprises)
    transfers: list = field(default_factory=list)  # the MembershipTransfers the import started

    @property
    def ok(self) -> bool:
        return not self.problems


def chunks(items, size: int = LOOKUP_CHUNK):
    """Lists of up to ``size`` items of any iterable (streamed: one list at a time)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def unit_codes(unit: Branch) -> dict[str, Branch]:
    return {b.code: b for b in Branch.objects.filter(path__startswith=unit.path).order_by("path")}


def padded(keys: list, step: int = 100) -> list:
    """``keys`` repeated at the end up to a multiple of ``step``: an IN (...) look-up then has one of
    a few shapes, so that SQLite's per-connection cache of prepared statements (128 of them, each
    as large as its parameter list) does not fill up with one statement per chunk size."""
    if keys and len(keys) % step:
        keys = keys + [keys[-1]] * (step - len(keys) % step)
    return keys


class FileKeys:
    """The first row of each ID number and card number met in the file (and, while writing, the
    card numbers the file took from workers), kept in a private on-disk SQLite database with a small
    page cache: a 200,000-row file is checked for duplicates without holding its keys in memory."""

    ID, CARD, RELEASED = 0, 1, 2

    def __init__(self):
        import sqlite3

        self.db = sqlite3.connect(
            "", cached_statements=8
        )  # "": a temporary database on disk, deleted on close
        self.db.executescript(
            "PRAGMA cache_size = -2048; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE seen (kind INTEGER, key TEXT, row INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID;"
        )

    def first_rows(self, kind: int, keys: list[str]) -> dict[str, int]:
        if not keys:
            return {}
        keys = padded(keys)
        marks = ",".join("?" * len(keys))  # only placeholders go into the text; the keys are parameters
        query = f"SELECT key, row FROM seen WHERE kind = ? AND key IN ({marks})"  # noqa: S608
        return dict(self.db.execute(query, [kind, *keys]))

    def add(self, kind: int, pairs) -> None:
        self.db.executemany("INSERT OR IGNORE INTO seen VALUES (?, ?, ?)", ((kind, k, r) for k, r in pairs))

    def close(self) -> None:
        self.db.close()


OUTSIDE_SHARE_FLOOR = 5  # up to this many matches of other unions' members, the share is not checked


class OutsideMatchesRefused(RosterImportRefused):
    """A roster file matching too many workers of other enterprises (see ``planner.Planner``)."""

    def __init__(self, message, *, problems, matches: int, rows: int):
        super().__init__(message, problems=problems, code="roster_outside")
        self.matches, self.rows = matches, rows


def same_name(a: str, b: str) -> bool:
    return "".join(str(a).split()) == "".join(str(b).split())


def worker_values(row: rules.RosterRow, branch: Branch) -> dict:
    """The Worker fields a row sets: the twelve columns, and the real-name facts when the file has them."""
    return {
        "name": row.name,
        "gender": row.gender,
        "id_number": row.id_number,
        "phone": row.phone,
        "employment_type": row.employment_type,
        "branch_id": branch.pk,
        "hire_date": row.hire_date,
        "status": row.status,
        "left_on": None if row.status == Worker.Status.ACTIVE else timezone.localdate(),
        "is_member": row.is_member,
        "member_since": row.member_since,
        "card_number": row.card_number,
        "card_issued": row.card_issued,
        **(row.real_name or {}),
    }


UPDATE_FIELDS = [f if f != "branch_id" else "branch" for f in WORKER_FIELDS]
# The fields of a worker the import creates. The twelve columns set the first ones; the real-name
# facts come from the optional columns, or are the model defaults for a twelve-column file (whose
# import leaves these facts of existing workers unchanged).
REAL_NAME_FIELDS = (
    "ethnic_group", "political_status", "education", "household_place", "household_type",
    "membership_status", "membership_status_on", "membership_status_reason",
)  # fmt: skip
NEW_FIELDS = (
    "name", "gender", "id_number", "phone", "employment_type", "branch_id", "hire_date", "status",
    "left_on", "is_member", "member_since", "card_number", "card_issued", *REAL_NAME_FIELDS,
)  # fmt: skip


_NEW_DEFAULTS = {f: Worker._meta.get_field(f).get_default() for f in REAL_NAME_FIELDS}


def new_values(values: dict) -> tuple:
    return tuple(values[f] if f in values else _NEW_DEFAULTS[f] for f in NEW_FIELDS)
