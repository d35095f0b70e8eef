"""Office and portal pages of the work ledgers: the list with its filters, one generic entry form,
the entry, its files, the printed ledger (.xlsx) and the worker's own page. Thin: reads through
``selectors``, writes through ``services`` (``unionhome.web.run_service``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.forms.roster import UNIT_SELECT_MAX
from branches.models import Branch
from unionhome import audit, downloads, paging, permissions, pickers, scope
from unionhome.documents.sheets import xlsx_response
from unionhome.exceptions import PermissionRefused
from unionhome.models import AccessLog
from unionhome.replica import for_reports
from unionhome.web import office_required, portal_required, run_service, say_done

from . import documents, kinds, selectors, services
from .forms import AttachmentForm, ChooseForm, EntryForm, FilterForm, initial_for

PAGE_SIZE = 50
ORDER = ("-date", "-id")  # newest first, on the index (date, id): keyset pages (unionhome.paging)


def _filters(request):
    """(kind, unit, year, quarter, valid) from the query string; an invalid value: valid False."""
    form = FilterForm(request.GET)
    if not form.is_valid():
        return "", None, None, None, False
    unit = None
    if form.cleaned_data["unit"]:
        unit = selectors.units(request.user).filter(pk=form.cleaned_data["unit"]).first()
        if unit is None:
            return "", None, None, None, False
    return form.cleaned_data["kind"], unit, form.cleaned_data["year"], form.cleaned_data["quarter"], True


@office_required
def index(request):
    kind, unit, year, quarter, valid = _filters(request)
    qs = selectors.filtered(request.user, kind=kind, unit=unit, year=year, quarter=quarter) if valid else None
    if qs is None:
        qs = selectors.entries(request.user).none()
    page = paging.page(request, qs, order=ORDER, name="ledgers.entries", size=PAGE_SIZE)
    units = selectors.units(request.user)
    # a federation's scope: the unit is searched (picker ``ledgers.units``), never listed
    unit_search = units[: UNIT_SELECT_MAX + 1].count() > UNIT_SELECT_MAX
    return render(
        request,
        "ledgers/index.html",
        {
            "page": page,
            "filter_form": FilterForm(request.GET or None),
            "sections": kinds.sections(),
            "units": None if unit_search else units,
            "unit_picker": pickers.url("ledgers.units") if unit_search else "",
            "picker_min": pickers.MIN_QUERY,
            "kind": kinds.get(kind) if kind else None,
            "unit": unit,
            "year": year,
            "quarter": quarter,
            "valid": valid,
            "may_keep": permissions.allowed(request.user, "ledgers.keep_ledgers"),
        },
    )


def _unit_for_recording(request, pk) -> Branch:
    unit = selectors.units(request.user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    permissions.require(request.user, "ledgers.record_entry", unit)
    return unit


@office_required
def entry_create(request):
    if not permissions.allowed(request.user, "ledgers.keep_ledgers"):
        raise PermissionDenied
    keeper_units = scope.limit(selectors.units(request.user), request.user, "path", *scope.OFFICER_ROLES)
    choose = ChooseForm(request.GET or None, units=keeper_units)
    if not request.GET or not choose.is_valid():
        return render(request, "ledgers/choose.html", {"form": choose})
    spec = kinds.get(choose.cleaned_data["kind"])
    unit = _unit_for_recording(request, choose.cleaned_data["unit"])
    form = EntryForm(request.POST or None, kind=spec, user=request.user, branch=unit,
                     initial={"date": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        entry, ok = _save(request, form, services.entry_create, branch=unit, kind=spec.code)
        if ok:
            say_done(request, _("Recorded"), entry.title)
            return redirect("ledgers:entry_detail", pk=entry.pk)
    return render(request, "ledgers/form.html", {"form": form, "kind": spec, "unit": unit})


def _save(request, form, service, **kwargs):
    """Run the service with the form's values; its field errors go back onto the form."""
    values = {
        "actor": request.user,
        "date": form.cleaned_data["date"],
        "title": form.cleaned_data["title"],
        "data": form.data_values(),
        "status": form.cleaned_data.get("status", ""),
        "participants": form.participant_rows(),
        **kwargs,
    }
    try:
        return service(**values), True
    except services.LedgerError as exc:
        form.show_errors(exc.errors)
        if not exc.errors:
            messages.error(request, exc.message)
        return None, False
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc


@office_required
def entry_detail(request, pk):
    entry = selectors.entry(request.user, pk)
    return render(
        request,
        "ledgers/entry_detail.html",
        {
            "entry": entry,
            "spec": entry.kind_spec,
            "details": selectors.details(request.user, entry),
            "participants": entry.participants.select_related("worker", "worker__branch"),
            "attachments": entry.attachments.all(),
            "may_edit": permissions.allowed(request.user, "ledgers.edit_entry", entry),
            "attachment_form": AttachmentForm(),
        },
    )


@office_required
def entry_edit(request, pk):
    entry = selectors.entry(request.user, pk)
    permissions.require(request.user, "ledgers.edit_entry", entry)
    spec = entry.kind_spec
    form = EntryForm(request.POST or None, kind=spec, user=request.user, branch=entry.branch,
                     initial=initial_for(entry), version=entry.version)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        _r, ok = _save(
            request, form, services.entry_update, entry=entry, version=form.cleaned_data.get("version")
        )
        if ok:
            entry.refresh_from_db(fields=["title"])
            say_done(request, _("Saved"), entry.title)
            return redirect("ledgers:entry_detail", pk=entry.pk)
    return render(
        request, "ledgers/form.html", {"form": form, "kind": spec, "unit": entry.branch, "entry": entry}
    )


@office_required
@require_POST
def entry_delete(request, pk):
    entry = selectors.entry(request.user, pk)
    _r, ok = run_service(request, services.entry_delete, actor=request.user, entry=entry)
    if ok:
        say_done(request, _("Deleted"), entry.title)
        return redirect("ledgers:index")
    return redirect("ledgers:entry_detail", pk=pk)


@office_required
@require_POST
def attachment_add(request, pk):
    entry = selectors.entry(request.user, pk)
    permissions.require(request.user, "ledgers.edit_entry", entry)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        _r, ok = run_service(
            request, services.attachment_add, actor=request.user, entry=entry, file=form.cleaned_data["file"]
        )
        if ok:
            say_done(
                request,
                _("Added"),
                _("the file %(file)s to %(entry)s")
                % {"file": form.cleaned_data["file"].name, "entry": entry.title},
            )
    else:
        messages.error(request, _("Choose a file."))
    return redirect("ledgers:entry_detail", pk=pk)


@office_required
def attachment_download(request, pk, attachment_pk):
    attachment = selectors.attachment(request.user, pk, attachment_pk)
    permissions.require(request.user, "ledgers.read_attachment", attachment.entry)
    audit.access(user=request.user, kind=AccessLog.Kind.DOWNLOAD, obj=attachment,
                 branch_path=attachment.entry.branch.path, detail="ledger_attachment")  # fmt: skip
    return downloads.file_response(
        attachment.file, label=_("Ledger attachment"), on=attachment.uploaded_at, slug="ledger-attachment"
    )


@office_required
@require_POST
def attachment_delete(request, pk, attachment_pk):
    attachment = selectors.attachment(request.user, pk, attachment_pk)
    _r, ok = run_service(request, services.attachment_delete, actor=request.user, attachment=attachment)
    if ok:
        say_done(request, _("Removed"), _("the file %(file)s") % {"file": attachment.original_name})
    return redirect("ledgers:entry_detail", pk=pk)


@office_required
def export(request):
    """The printed ledger of one kind and period (a year, or a quarter of it), for a unit."""
    kind, unit, year, quarter, valid = _filters(request)
    spec = kinds.get(kind) if kind else None
    if not valid or spec is None or spec.linked or not year:
        messages.error(request, _("Choose a kind of ledger and a year to export."))
        return redirect("ledgers:index")
    qs = selectors.filtered(request.user, kind=kind, unit=unit, year=year, quarter=quarter).order_by(
        "date", "id"
    )
    qs = for_reports(qs.prefetch_related("participants__worker"))
    unit_name = unit.name if unit else "、".join(b.name for b in selectors.units(request.user).filter(
        path__in=scope.branches_for(request.user))) or _("All units")  # fmt: skip
    content = documents.ledger_xlsx(
        request.user, kind=spec, unit_name=unit_name, year=year, quarter=quarter, entries=qs
    )
    audit.access(user=request.user, kind=AccessLog.Kind.EXPORT, branch_path=unit.path if unit else "",
                 detail="ledger_export", ledger=str(spec.label))  # fmt: skip
    return xlsx_response(content, label=spec.label, slug="ledger")


# --- the worker's portal ---------------------------------------------------------------------------


@portal_required
def portal_home(request):
    worker = request.user.worker
    year = timezone.localdate().year
    return render(
        request,
        "ledgers/portal.html",
        {
            "participations": selectors.participations(worker)[:100],
            "year": year,
            "hours": selectors.training_hours(worker, year),
            "funds": selectors.funds_of(worker),
            "cadres": selectors.pairing_cadres(worker),
            "visits": selectors.pairing_visits(worker)[:20],
        },
    )
