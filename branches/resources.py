"""django-import-export resources for the admin's import/export buttons (Worker and Branch).

They do not carry rules of their own: reading goes through ``roster_io`` (the same hostile-file
checks and streaming reader as the workspace), and writing through the same services
(``roster_import`` for workers, ``branch_create`` / ``branch_rename`` for units), so the admin
refuses exactly what the workspace refuses, all or nothing.
"""

from __future__ import annotations

import os

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from import_export import resources
from import_export.formats.base_formats import XLSX
from import_export.results import Result, RowResult

from unionhome import audit, scope
from unionhome.documents import sheets

from . import roster_io, rules, services
from .exceptions import DomainError, PermissionRefused, RosterImportRefused
from .models import Branch, Worker


class SafeXLSX(XLSX):
    """.xlsx read with the roster's checks (zip bomb, entities, OLE2...) and the roster's streaming reader."""

    def create_dataset(self, in_stream):
        data = in_stream if isinstance(in_stream, bytes) else bytes(in_stream)
        header, rows, _total = roster_io.open_sheet(data)
        dataset = tablib.Dataset()
        dataset.headers = [rules.cell_text(c) for c in header]
        width = len(dataset.headers)
        for _number, cells in rows:
            if not rules.is_blank_row(cells):
                dataset.append((list(cells) + [None] * width)[:width])
        return dataset

    def export_data(self, dataset, **kwargs):
        return roster_io.to_bytes(_write_dataset, dataset)


def _write_dataset(target, dataset) -> None:
    book = sheets.Workbook(target, constant_memory=True)
    book.sheet("Sheet1", dataset.headers or []).write_rows(dataset)
    book.close()


def _result(dataset, problems=(), totals=None) -> Result:
    result = Result()
    result.diff_headers = list(dataset.headers or [])
    result.total_rows = len(dataset)
    for p in problems:
        row = dict(zip(result.diff_headers, dataset[p.row - 2], strict=False)) if p.row >= 2 else {}
        result.append_invalid_row(p.row - 1, row, ValidationError({p.column or "__all__": [p.reason]}))
    for key, value in (totals or {}).items():
        result.totals[key] = value
    return result


class _ServiceResource(resources.ModelResource):
    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def _refuse(self, dataset, message: str) -> Result:
        result = _result(dataset)
        result.append_invalid_row(0, {}, ValidationError(message))
        return result


class WorkerResource(_ServiceResource):
    """Roster rows in the template's columns; imported with ``services.roster_import``."""

    class Meta:
        model = Worker
        fields = ()

    def get_export_headers(self, *args, **kwargs):
        return list(rules.ALL_ROSTER_COLUMNS)

    def export(self, queryset=None, **kwargs):
        user = self.user or kwargs.get("user")
        queryset = scope.limit(queryset if queryset is not None else Worker.objects.all(), user)
        dataset = tablib.Dataset(headers=list(rules.ALL_ROSTER_COLUMNS))
        for cells in services.roster_export_rows(actor=user, workers=queryset, masked=False):
            dataset.append([c.isoformat() if hasattr(c, "isoformat") else c for c in cells])
        audit.access(
            user=user, kind="export", object_type="branches.worker", detail="roster_admin", rows=len(dataset)
        )
        return dataset

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        user = kwargs.get("user")
        missing, unknown, wrong_order = rules.header_problems(dataset.headers or [])
        if missing or unknown or wrong_order:
            return self._refuse(dataset, "、".join(rules.header_columns(dataset.headers or [])))
        width = len(rules.header_columns(dataset.headers or []))
        rows = [(n, list(r)[:width]) for n, r in enumerate(dataset, start=2)]
        codes = {rules.cell_text(r[rules.ROSTER_COLUMNS.index("组织编码")]) for _n, r in rows}
        unit = _common_unit(user, codes)
        if unit is None:
            return self._refuse(dataset, str(roster_io.issue_message("unit_code")))
        try:
            if dry_run:
                plan = services.roster_import_preview(actor=user, unit=unit, rows=rows)
                if plan.problems:
                    return _result(dataset, plan.problems)
            else:
                plan = services.roster_import(actor=user, unit=unit, rows=rows)
        except RosterImportRefused as exc:
            return _result(dataset, exc.problems)
        except PermissionRefused as exc:
            return self._refuse(dataset, str(exc))
        except DomainError as exc:
            return self._refuse(dataset, str(exc.message))
        return _result(
            dataset,
            totals={
                RowResult.IMPORT_TYPE_NEW: plan.created,
                RowResult.IMPORT_TYPE_UPDATE: plan.updated,
                RowResult.IMPORT_TYPE_SKIP: plan.unchanged,
            },
        )


def _common_unit(user, codes: set[str]) -> Branch | None:
    """The deepest unit in the user's scope holding every code of the file (the import's unit)."""
    nodes = list(scope.limit(Branch.objects.filter(code__in=codes), user, "path"))
    if not nodes or len(nodes) != len(codes):
        return None
    prefix = os.path.commonprefix([n.path for n in nodes])
    prefix = prefix[: len(prefix) - len(prefix) % Branch.steplen]
    return Branch.objects.filter(path=prefix).first() if prefix else None


BRANCH_COLUMNS = ("组织编码", "名称", "类型", "上级编码")
KIND_LABELS = {
    "全国总工会": "national",
    "省总工会": "province",
    "市总工会": "city",
    "区总工会": "district",
    "产业工会": "industry",
    "企业工会": "enterprise",
    "分会": "branch",
    "工会小组": "group",
}


class BranchResource(_ServiceResource):
    """Units as 组织编码 / 名称 / 类型 / 上级编码; new ones via ``branch_create``, names via ``branch_rename``."""

    class Meta:
        model = Branch
        fields = ()

    def get_export_headers(self, *args, **kwargs):
        return list(BRANCH_COLUMNS)

    def export(self, queryset=None, **kwargs):
        user = self.user or kwargs.get("user")
        queryset = scope.limit(queryset if queryset is not None else Branch.objects.all(), user, "path")
        labels = {v: k for k, v in KIND_LABELS.items()}
        parents = dict(Branch.objects.values_list("path", "code"))
        dataset = tablib.Dataset(headers=list(BRANCH_COLUMNS))
        for b in queryset.order_by("path"):
            dataset.append([b.code, b.name, labels[b.kind], parents.get(b.path[: -Branch.steplen], "")])
        return dataset

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        user = kwargs.get("user")
        if tuple(rules.cell_text(h) for h in dataset.headers or []) != BRANCH_COLUMNS:
            return self._refuse(dataset, "、".join(BRANCH_COLUMNS))
        problems, created, updated, skipped = [], 0, 0, 0
        with transaction.atomic():
            for n, cells in enumerate(dataset, start=2):
                code, name, kind_label, parent_code = (rules.cell_text(c) for c in cells)
                try:
                    existing = Branch.objects.filter(code=code).first()
                    if existing is not None:
                        existing = scope.get_or_404(Branch.objects.all(), user, "path", pk=existing.pk)
                        if existing.name == name:
                            skipped += 1
                            continue
                        services.branch_rename(actor=user, branch=existing, name=name)
                        updated += 1
                        continue
                    parent = Branch.objects.filter(code=parent_code).first() if parent_code else None
                    if parent_code and parent is None:
                        raise DomainError(roster_io.issue_message("unit_code"))
                    kind = KIND_LABELS.get(kind_label)
                    if kind is None:
                        raise DomainError(
                            roster_io.issue_message("choice", {"choices": "/".join(KIND_LABELS)})
                        )
                    services.branch_create(actor=user, parent=parent, code=code, name=name, kind=kind)
                    created += 1
                except DomainError as exc:
                    problems.append(roster_io.Problem(n, "", code, str(exc.message)))
                except Http404:  # from the scope: the unit is not the user's
                    problems.append(
                        roster_io.Problem(n, "组织编码", code, roster_io.issue_message("out_of_scope"))
                    )
            if problems or dry_run:
                transaction.set_rollback(True)
        if problems:
            return _result(dataset, problems)
        return _result(
            dataset,
            totals={
                RowResult.IMPORT_TYPE_NEW: created,
                RowResult.IMPORT_TYPE_UPDATE: updated,
                RowResult.IMPORT_TYPE_SKIP: skipped,
            },
        )
