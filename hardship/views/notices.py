"""Officer views of an enterprise's public notice (公示) and its report to the district (attachment 2)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from unionhome import permissions
from unionhome.documents import pdf
from unionhome.web import office_required, run_service

from .. import documents, selectors, services
from .common import _download


def _campaign_enterprise(request, pk, enterprise_pk):
    campaign = selectors.campaign_for(request.user, pk)
    return campaign, selectors.enterprise_for(request.user, campaign, enterprise_pk)


def _notice_context(campaign, enterprise):
    rows = selectors.notice_rows(campaign, enterprise)
    return {
        "campaign": campaign,
        "enterprise": enterprise,
        "rows": rows,
        "published": documents.notice_published(rows),
    }


@office_required
def notice(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    return render(request, "hardship/notice.html", _notice_context(campaign, enterprise))


@office_required
def notice_pdf(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    content = pdf.render("hardship/pdf/notice.html", _notice_context(campaign, enterprise))
    return _download(content, _("Hardship relief notice"), "application/pdf", "notice")


def _report_rows(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    permissions.require(request.user, "hardship.read_report", enterprise)
    return campaign, enterprise, selectors.report_rows(campaign, enterprise)


@office_required
def report_pdf(request, pk, enterprise_pk):
    campaign, enterprise, rows = _report_rows(request, pk, enterprise_pk)
    content = pdf.render("hardship/pdf/report.html", documents.report_context(campaign, enterprise, rows))
    return _download(content, _("Hardship relief notice report"), "application/pdf", "notice-report")


@office_required
def report_xlsx(request, pk, enterprise_pk):
    campaign, enterprise, rows = _report_rows(request, pk, enterprise_pk)
    return _download(
        documents.report_xlsx(campaign, enterprise, rows),
        _("Hardship relief notice report"),
        documents.XLSX,
        "notice-report",
    )


@office_required
@require_POST
def report_submit(request, pk, enterprise_pk):
    campaign, enterprise = _campaign_enterprise(request, pk, enterprise_pk)
    count, ok = run_service(
        request, services.report_enterprise, actor=request.user, campaign=campaign, enterprise=enterprise
    )
    if ok:
        messages.success(request, _("%(n)s applications reported to the federation above.") % {"n": count})
    return redirect("hardship:campaign_detail", pk=pk)
