"""Officer views of assessment standards: list, detail, editing, spreadsheet export and import."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unionhome import audit, downloads, permissions
from unionhome.web import office_required, run_service, say_done

from .. import reports, rules, selectors, services
from ..exceptions import StandardInvalid
from ..forms import ImportForm, ItemFormSet, StandardHeaderForm, VetoFormSet


def _require_manager(request) -> None:
    if not permissions.allowed(request.user, "assessment.manage_standards"):
        raise PermissionDenied


@office_required
def standard_list(request):
    return render(
        request,
        "assessment/standard_list.html",
        {
            "standards": selectors.standards(),
            "may_manage": permissions.allowed(request.user, "assessment.manage_standards"),
        },
    )


@office_required
def standard_detail(request, pk):
    standard = selectors.standard_full(pk)
    newest = selectors.latest_version(standard.code)
    return render(
        request,
        "assessment/standard_detail.html",
        {
            "standard": standard,
            "newest": newest,
            "in_use": selectors.is_in_use(standard),
            "may_manage": permissions.allowed(request.user, "assessment.manage_standards"),
            "default_step": rules.SCORE_STEP,
            "points_total": sum(
                (i.points for s in standard.sections.all() for i in s.items.all()), Decimal(0)
            ),
        },
    )


def _standard_form(request, standard=None):
    _require_manager(request)
    spec = selectors.standard_spec(standard) if standard else None
    data = request.POST if request.method == "POST" else None
    header = StandardHeaderForm(
        data, initial=spec, editing=standard is not None, edits=standard.edits if standard else None
    )
    # initial rows only for the blank page: a bound formset skips rows equal to their initial value
    items = ItemFormSet(data, initial=spec["items"] if spec and data is None else None, prefix="items")
    vetoes = VetoFormSet(data, initial=spec["vetoes"] if spec and data is None else None, prefix="vetoes")
    if request.method == "POST" and header.is_valid() and items.is_valid() and vetoes.is_valid():
        new_spec = {
            **header.cleaned_data,
            "code": standard.code if standard else header.cleaned_data["code"],
            "items": [f for f in items.cleaned_data if f and (f.get("text") or f.get("points"))],
            "vetoes": [f for f in vetoes.cleaned_data if f and f.get("text")],
        }
        saved, ok = run_service(
            request,
            services.standard_save,
            actor=request.user,
            spec=new_spec,
            standard=standard,
            edits=header.cleaned_data.get("edits"),
        )
        if ok:
            if standard is not None and saved.pk != standard.pk:
                messages.success(
                    request,
                    _("The standard is in use, so your changes are saved as version %(version)s.")
                    % {"version": saved.version},
                )
            else:
                say_done(request, _("Saved"), str(saved))
            return redirect(saved)
    return render(
        request,
        "assessment/standard_form.html",
        {
            "header": header,
            "items": items,
            "vetoes": vetoes,
            "standard": standard,
            "in_use": standard is not None and selectors.is_in_use(standard),
        },  # fmt: skip
    )


@office_required
@require_http_methods(["GET", "POST"])
def standard_create(request):
    return _standard_form(request)


@office_required
@require_http_methods(["GET", "POST"])
def standard_edit(request, pk):
    return _standard_form(request, selectors.standard_full(pk))


@office_required
def standard_export(request, pk):
    _require_manager(request)
    standard = selectors.standard_full(pk)
    data = reports.standard_xlsx(selectors.standard_spec(standard))
    audit.access(user=request.user, kind="export", obj=standard, detail="standard_xlsx")
    return downloads.content_response(
        data, label=_("Assessment standard"), content_type=downloads.XLSX, ext="xlsx", slug="standard"
    )


@office_required
@require_http_methods(["GET", "POST"])
def standard_import(request):
    _require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            spec = reports.read_standard_xlsx(form.cleaned_data["file"].read())
        except StandardInvalid as exc:
            spec, problems = None, exc.problems or [exc.message]
        if spec is not None:
            existing = selectors.latest_version(spec.get("code") or "")
            saved, ok = run_service(
                request, services.standard_save, actor=request.user, spec=spec, standard=existing
            )
            if ok:
                messages.success(request, _("Imported: %(standard)s.") % {"standard": saved})
                return redirect(saved)
    return render(request, "assessment/standard_import.html", {"form": form, "problems": problems})
