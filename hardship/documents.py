"""The documents of 篇四: attachment 1 (困难职工档案表), attachment 2 (公示结果报告), the public
notice and the district summary, as PDF and .xlsx (the kernel's writers, ``unionhome.documents``)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from unionhome import downloads
from unionhome.documents import sheets
from unionhome.masking import mask_id_number

from . import rules

XLSX = downloads.XLSX


class Sheet:
    """A workbook of one or more worksheets with a bold header row (``unionhome.documents.sheets``)."""

    def __init__(self):
        self.book = sheets.Workbook()

    def sheet(self, name: str, *, title: str = "", header: list[str], rows: list[list], widths=None):
        sheet = self.book.sheet(name, header, title=title, widths=widths, text_format="wrap")
        sheet.write_rows(rows)
        return sheet

    def close(self) -> bytes:
        return self.book.close()


def _causes(application) -> str:
    from .models import Application

    return "、".join(
        str(Application.Cause(c).label) for c in [application.primary_cause, *application.other_causes]
    )


def attachment1_context(application, members, *, id_display) -> dict:
    return {
        "a": application,
        "members": [{"m": m, "id": id_display(m.id_number)} for m in members],
        "applicant_id": id_display(application.worker.id_number),
        "causes": _causes(application),
        "limits": rules.limits(application.campaign.line),
        "category_4_min": rules.CATEGORY_4_MIN_COST,
        "printed": timezone.localtime(),
    }


def attachment1_xlsx(application, members, *, id_display) -> bytes:
    a = application
    book = Sheet()
    rows = [
        [_("Campaign"), a.campaign.name],
        [_("Name"), a.worker.name],
        [_("ID number"), id_display(a.worker.id_number)],
        [_("Unit"), a.branch.name],
        [_("Enterprise union"), a.enterprise.name],
        [_("Employment type"), a.worker.get_employment_type_display()],
        [_("Marital status"), a.get_marital_status_display()],
        [_("Household size"), a.household_size],
        [_("Monthly income per person"), a.per_capita],
        [_("Government aid per month"), a.government_aid],
        [_("Causes of hardship"), _causes(a)],
        [_("Self-paid medical costs this year"), a.medical_self_paid],
        [_("Property loss from a disaster this year"), a.property_loss],
        [_("Category"), a.category or ""],
        [_("Reason for the category"), a.category_reason],
        [_("Description of the situation"), a.description],
        [_("State"), a.get_state_display()],
    ]
    book.sheet(
        _("Hardship file form"),
        title=_("Hardship worker file form (attachment 1)"),
        header=[pgettext("hardship", "Item"), _("Content")],
        rows=rows,
        widths=[24, 60],
    )
    book.sheet(
        _("Household members"),
        header=[
            _("Relation"),
            _("Name"),
            _("ID number"),
            _("Monthly income"),
            _("In school"),
            _("Disabled"),
            _("Seriously ill"),
        ],
        rows=[
            [
                m.get_relation_display(),
                m.name,
                id_display(m.id_number),
                m.monthly_income,
                _("yes") if m.in_school else "",
                _("yes") if m.disabled else "",
                _("yes") if m.ill else "",
            ]
            for m in members
        ],
    )
    return book.close()


def notice_published(rows):
    """The date a public notice bears: the day its list was last published (the latest start of
    notice among its families), not the day it is printed; None for an empty notice."""
    return max((a.notice_start for a in rows if a.notice_start), default=None)


def report_context(campaign, enterprise, rows) -> dict:
    counts = {c: sum(1 for a in rows if a.category == c) for c in (1, 2, 3, 4)}
    notice_start = min((a.notice_start for a in rows if a.notice_start), default=None)
    notice_end = max((a.notice_end for a in rows if a.notice_end), default=None)
    return {
        "campaign": campaign,
        "enterprise": enterprise,
        "rows": rows,
        "counts": counts,
        "total": len(rows),
        "notice_start": notice_start,
        "notice_end": notice_end,
        "limits": rules.limits(campaign.line),
        "printed": timezone.localdate(),
    }


def report_xlsx(campaign, enterprise, rows) -> bytes:
    book = Sheet()
    book.sheet(
        _("Result report"),
        title=_("%(enterprise)s: report on the public notice of %(campaign)s (attachment 2)")
        % {"enterprise": enterprise.name, "campaign": campaign.name},
        header=[
            _("No."),
            _("Name"),
            _("Unit"),
            _("Category"),
            _("Notice from"),
            _("Notice until"),
            _("State"),
        ],
        rows=[
            [
                i,
                a.worker.name,
                a.branch.name,
                a.category or "",
                a.notice_start,
                a.notice_end,
                a.get_state_display(),
            ]
            for i, a in enumerate(rows, start=1)
        ],
        widths=[6, 14, 22, 8, 14, 14, 20],
    )
    return book.close()


def balance_xlsx(campaign, data: dict) -> bytes:
    book = Sheet()
    summary_rows = []
    for s in data["summaries"]:
        row = [s.enterprise.name]
        for _c, count, amount in s.category_rows():
            row += [count, amount]
        row += [s.total, s.amount, s.approved, s.rejected, s.pending]
        summary_rows.append(row)
    t = data["totals"]
    total_row = [pgettext("hardship", "Total")]
    for _c, count, amount in t.category_rows():
        total_row += [count, amount]
    total_row += [t.total, t.amount, t.approved, t.rejected, t.pending]
    summary_rows.append(total_row)
    header = [_("Enterprise union")]
    for c in (1, 2, 3, 4):
        header += [_("Category %(n)s: families") % {"n": c}, _("Category %(n)s: relief (yuan)") % {"n": c}]
    header += [_("Families"), _("Relief (yuan)"), _("Approved"), _("Rejected"), _("Awaiting decision")]
    book.sheet(
        pgettext("hardship", "Summary"),
        title=_("%(campaign)s: federation summary") % {"campaign": campaign.name},
        header=header,
        rows=summary_rows,
        widths=[24] + [12] * (len(header) - 1),
    )
    detail = []
    for s in data["summaries"]:
        for a in s.applications:
            relief = getattr(a, "relief", None) if hasattr(a, "relief") else None
            detail.append(
                [
                    s.enterprise.name,
                    a.branch.name,
                    a.worker.name,
                    mask_id_number(a.worker.id_number),
                    a.category or "",
                    a.per_capita,
                    a.get_state_display(),
                    a.last_reason,
                    relief.amount if relief else "",
                    _("yes") if a.pk in data["duplicate_ids"] else "",
                ]
            )
    book.sheet(
        _("Applications"),
        header=[
            _("Enterprise union"),
            _("Unit"),
            _("Name"),
            _("ID number"),
            _("Category"),
            _("Monthly income per person"),
            _("State"),
            _("Reason"),
            _("Relief (yuan)"),
            _("Duplicate ID number"),
        ],  # fmt: skip
        rows=detail,
    )
    return book.close()
