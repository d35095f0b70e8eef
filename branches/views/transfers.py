"""Transfer of membership (会员关系转接): officer pages and the worker's own requests (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from unionhome import paging, permissions, scope
from unionhome.permissions import require
from unionhome.web import office_required, portal_required, run_service, say_done
from unionhome.workflow import available_actions, labelled

from .. import selectors, services
from ..forms.transfers import TransferAcceptForm, TransferStartForm, TransferStepForm
from ..models import MembershipTransfer, Worker
from ..workflows import TRANSFER

# Newest first, on the index (requested_at, id): keyset pages (docs/ARCHITECTURE.md).
LIST_ORDER = ("-requested_at", "-id")


@office_required
def transfer_list(request):
    """Transfers out of and into the user's scope; a district reviewer sees the whole district's."""
    state = request.GET.get("state", "")
    rows = selectors.transfers(request.user)
    if state in MembershipTransfer.State.values:
        rows = rows.filter(state=state)
    page = paging.page(request, rows, order=LIST_ORDER, name="branches.transfers")
    return render(
        request,
        "branches/transfer_list.html",
        {"page": page, "rows": page.object_list, "state": state, "states": MembershipTransfer.State.choices},
    )


@office_required
@require_http_methods(["GET", "POST"])
def transfer_start(request, pk):
    """An officer of the old unit starts a transfer out of a worker (out of scope: 404)."""
    worker = selectors.worker_in_scope(request.user, pk)
    require(request.user, "branches.manage_roster", worker.branch)
    targets = selectors.transfer_targets().exclude(pk__in=[b.pk for b in _enterprises_of(worker)])
    form = TransferStartForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        transfer, ok = run_service(
            request, services.transfer_start, actor=request.user, worker=worker, **form.cleaned_data
        )
        if ok:
            messages.success(
                request,
                _("The transfer of %(name)s to %(union)s is started; it waits for the receiving union.")
                % {"name": worker.name, "union": transfer.destination_name},
            )
            return redirect(transfer)
    return render(
        request,
        "branches/form.html",
        {
            "form": form,
            "title": _("Transfer the membership of %(name)s") % {"name": worker.name},
            "back": worker,
        },
    )


CHOOSE_LIMIT = 20


@office_required
def transfer_choose(request):
    """Start a transfer from the list: find the active worker by name, then start their transfer."""
    require(request.user, "branches.manage_roster")
    q = (request.GET.get("q") or "").strip()[:50]
    found = []
    if q:
        candidates = selectors.workers(request.user).filter(status=Worker.Status.ACTIVE, name__icontains=q)
        found = [
            w
            for w in candidates.order_by("name", "pk")[: CHOOSE_LIMIT * 2]
            if permissions.allowed(request.user, "branches.manage_roster", w.branch)
        ][:CHOOSE_LIMIT]
    return render(request, "branches/transfer_choose.html", {"q": q, "found": found, "limit": CHOOSE_LIMIT})


def _enterprises_of(worker):
    return [b for b in selectors.transfer_targets() if worker.branch.path.startswith(b.path)]


@office_required
def transfer_detail(request, pk):
    transfer = selectors.transfer_in_scope(request.user, pk)
    actions = available_actions(TRANSFER, transfer, request.user)
    accept_form = None
    if "accept" in {a.code for a in actions} and transfer.to_unit_id:
        accept_form = TransferAcceptForm(
            branches=selectors.receiving_branches(transfer),
            initial={"effective_on": timezone.localdate(), "to_branch": transfer.to_unit_id},
        )
        accept_form.helper.form_action = f"{transfer.get_absolute_url()}accept/"
    return render(
        request,
        "branches/transfer_detail.html",
        {
            "transfer": transfer,
            "steps": labelled(TRANSFER, selectors.transfer_steps(transfer)),
            "actions": [a for a in actions if not (a.code == "accept" and accept_form)],
            "accept_form": accept_form,
            "today": timezone.localdate(),
        },
    )


@office_required
@require_POST
def transfer_act(request, pk, action):
    """Confirm, accept, refuse, release or cancel: one service applies the transition table."""
    transfer = selectors.transfer_in_scope(request.user, pk)
    if action not in TRANSFER.all_actions():
        raise Http404
    kwargs = {}
    if action == "accept" and transfer.to_unit_id:
        form = TransferAcceptForm(request.POST, branches=selectors.receiving_branches(transfer))
        if not form.is_valid():
            messages.error(request, _("Choose the unit that receives the worker."))
            return redirect(transfer)
        kwargs = form.cleaned_data
    else:
        form = TransferStepForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please correct the form."))
            return redirect(transfer)
        kwargs = {k: v for k, v in form.cleaned_data.items() if v}
    result, ok = run_service(
        request, services.transfer_apply, actor=request.user, transfer=transfer, action=action, **kwargs
    )
    if ok:
        messages.success(
            request,
            _("Transfer of %(name)s: %(state)s.")
            % {"name": result.worker.name, "state": result.get_state_display()},
        )
    return redirect(transfer)


# --- the worker portal -----------------------------------------------------------------------


@portal_required
@require_http_methods(["GET", "POST"])
def portal_transfers(request):
    """The worker's own transfers, and a request for a new one (the old unit's officer confirms it)."""
    worker = selectors.own_worker(request.user)
    targets = selectors.transfer_targets().exclude(pk__in=[b.pk for b in _enterprises_of(worker)])
    form = TransferStartForm(request.POST or None, targets=targets)
    form.helper.inputs[0].value = _("Ask for the transfer")
    if request.method == "POST" and form.is_valid():
        _result, ok = run_service(request, services.transfer_ask, actor=request.user, **form.cleaned_data)
        if ok:
            say_done(
                request,
                _("Sent to your union officer"),
                _("your transfer request to %(union)s") % {"union": _result.destination_name},
            )
            return redirect("portal:transfers")
    rows = list(selectors.own_transfers(request.user))
    for t in rows:
        t.may_withdraw = "cancel" in {a.code for a in available_actions(TRANSFER, t, request.user)}
    return render(
        request,
        "portal/transfers.html",
        {"worker": worker, "rows": rows, "form": form, "has_open": any(t.is_open for t in rows)},
    )


@portal_required
@require_POST
def portal_transfer_cancel(request, pk):
    transfer = scope.get_or_404(selectors.own_transfers(request.user), request.user, None, pk=pk)
    _result, ok = run_service(
        request, services.transfer_apply, actor=request.user, transfer=transfer, action="cancel"
    )
    if ok:
        say_done(
            request,
            _("Withdrawn"),
            _("your transfer request to %(union)s") % {"union": transfer.destination_name},
        )
    return redirect("portal:transfers")
