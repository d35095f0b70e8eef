"""The roster spreadsheet export: the rows of the workers one may see, masked by role (ID numbers
and phones alike: full only where the role may see full ID numbers), logged."""

from __future__ import annotations

from collections.abc import Iterator

from unionhome import audit, permissions, scope
from unionhome.masking import mask_id_number, mask_phone
from unionhome.replica import for_reports

from .. import roster_io, rules
from ._common import _require
from .imports import REAL_NAME_FIELDS


def may_export_roster(user) -> bool:
    """Export what one may view (``branches.export_roster``; the roster jobs ask it)."""
    return permissions.allowed(user, "branches.export_roster")


def roster_export_rows(*, actor, workers, masked: bool) -> Iterator[list]:
    """The cells of each worker (a queryset already scoped by a selector) in ALL_ROSTER_COLUMNS order:
    the twelve columns, then the real-name facts by their Chinese labels."""
    gender = {v: k for k, v in rules.GENDER_LABELS.items()}
    employment = {v: k for k, v in rules.EMPLOYMENT_LABELS.items()}
    status = {v: k for k, v in rules.STATUS_LABELS.items()}
    full_paths = [
        p for p in scope.branches_for(actor) if permissions.allowed(actor, "branches.see_full_ids_in_unit", p)
    ]
    rows = for_reports(workers).order_by("branch__path", "name", "id").values_list(
        "name", "gender", "id_number", "phone", "employment_type", "branch__code", "hire_date",
        "is_member", "member_since", "card_number", "card_issued", "status", "branch__path",
        *REAL_NAME_FIELDS,
    )  # fmt: skip
    for values in rows.iterator(chunk_size=2000):
        name, g, number, phone, emp, code, hired, member, since, card, issued, st, path = values[:13]
        if masked or not any(path.startswith(p) for p in full_paths):
            number, phone = mask_id_number(number), mask_phone(phone)
        yield [
            name, gender[g], number, phone, employment[emp], code, hired,
            "是" if member else "否", since, card, "是" if issued else "否", status[st],
            *rules.real_name_cells(dict(zip(REAL_NAME_FIELDS, values[13:], strict=True))),
        ]  # fmt: skip


def roster_export(
    *, actor, workers, target, masked: bool = False, detail: str = "", branch_path: str = "", progress=None
) -> int:
    """Write the given (scoped) workers to an .xlsx and log the export in the access log."""

    _require(may_export_roster(actor))
    count = roster_io.write_roster(
        target, roster_export_rows(actor=actor, workers=workers, masked=masked), progress=progress
    )
    audit.access(
        user=actor,
        kind="export",
        object_type="branches.worker",
        branch_path=branch_path,
        detail="roster",
        rows=count,
        query=detail,
    )
    return count
