"""The organisation app in the Django admin: a client of the services, like every other door.

Each admin either writes through the service of its use case (``actor=request.user``: the same
permission, checks and audit as the workspace) or is read-only (workflow rows, transitions, jobs,
the organisation tree, which is edited in the workspace or imported here through its services).
"""

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from . import services
from .exceptions import BranchError, DomainError, PermissionRefused
from .models import (
    Appointment,
    Branch,
    Committee,
    CommitteeSeat,
    CommitteeTermRecord,
    CounterDelta,
    FindingCount,
    FindingRecord,
    FindingRun,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    MembershipTransfer,
    RosterJob,
    SubtreeCounter,
    Term,
    TransferTransition,
    UnitCounter,
    Worker,
    WorkshopPost,
)
from .resources import BranchResource, SafeXLSX, WorkerResource


class ServiceImportExportMixin(ImportExportMixin):
    """The admin's import/export buttons, through the same services and checks as the workspace."""

    formats = [SafeXLSX]
    skip_export_form = True

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, DomainError):  # a refused file: say why, in the same words as the workspace
            form.add_error("import_file", e.message)
        else:
            super().add_data_read_fail_error_to_form(form, e)


class ServiceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """An admin whose saves call services: ``create(request, data)`` on add and ``change(request,
    obj, data, changed)`` on change, each returning the saved object. Nothing is deleted here unless
    ``remove`` is given. A refusal of the service is shown as a message; nothing was written (the
    admin's view runs in one transaction); a refused permission answers 403.
    """

    fixed_on_change: tuple[str, ...] = ()  # fields the change form shows read-only

    def create(self, request, data: dict):
        raise PermissionRefused(_("You do not have permission to do this."))

    def change(self, request, obj, data: dict, changed: list[str]):
        raise PermissionRefused(_("You do not have permission to do this."))

    remove = None  # (request, obj) -> None, to delete through a service

    def has_delete_permission(self, request, obj=None):
        return self.remove is not None and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fixed = self.fixed_on_change if obj is not None else ()
        return [*super().get_readonly_fields(request, obj), *fixed]

    def save_model(self, request, obj, form, change):
        data = dict(form.cleaned_data)
        if change:
            fresh = type(obj)._default_manager.get(pk=obj.pk)
            saved = self.change(request, fresh, data, list(form.changed_data))
        else:
            saved = self.create(request, data)
        obj.pk = saved.pk
        obj._state.adding = False

    def delete_model(self, request, obj):
        self.remove(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.remove(request, obj)

    def _refusal_as_message(self, request, view, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionRefused:
            raise
        except DomainError as exc:  # raised inside the view's transaction: it was rolled back
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def changeform_view(self, request, *args, **kwargs):
        return self._refusal_as_message(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusal_as_message(request, super().delete_view, *args, **kwargs)

    def changelist_view(self, request, *args, **kwargs):
        return self._refusal_as_message(request, super().changelist_view, *args, **kwargs)


class ReadOnlyInline(admin.TabularInline):
    """Rows of a service admin's object, shown here and changed through their own admin."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _each(request, queryset, service, keyword: str) -> None:
    """Run a service on each selected row (an admin action), as the admin's user: all or nothing."""
    with transaction.atomic():
        for obj in queryset:
            service(actor=request.user, **{keyword: obj})


# --- the organisation tree and the roster ---------------------------------------------------------


@admin.register(Branch)
class BranchAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, ServiceImportExportMixin, TreeAdmin):
    """Units are created, renamed, moved and closed in the workspace (or imported here, through the
    same services); the admin's own forms are read-only."""

    scope_path = "path"
    resource_classes = [BranchResource]
    form = movenodeform_factory(Branch)
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Worker)
class WorkerAdmin(ServiceImportExportMixin, ServiceAdmin):
    resource_classes = [WorkerResource]
    list_display = [
        "name",
        "gender",
        "masked_id_number",
        "branch",
        "employment_type",
        "is_member",
        "card_issued",
        "status",
    ]
    list_filter = ["status", "employment_type", "is_member", "card_issued", "gender"]
    search_fields = ["name", "=id_number", "=card_number"]
    list_select_related = ["branch"]
    raw_id_fields = ["branch"]

    def create(self, request, data):
        return services.worker_create(actor=request.user, **data)

    def change(self, request, obj, data, changed):
        fields = {k: data[k] for k in changed if k != "branch"}
        return services.worker_update(actor=request.user, worker=obj, branch=data["branch"], **fields)


@admin.register(Appointment)
class AppointmentAdmin(ServiceAdmin):
    list_display = ["user", "role", "branch", "start", "end", "full_id_access"]
    list_filter = ["role"]
    list_select_related = ["user", "branch"]
    raw_id_fields = ["user"]
    fixed_on_change = ("user", "branch", "role", "start")
    actions = ["end_appointments", "grant_full_ids", "withdraw_full_ids"]

    def create(self, request, data):
        return services.appointment_create(actor=request.user, **data)

    def change(self, request, obj, data, changed):
        if "full_id_access" in changed:
            service = (
                services.appointment_grant_full_ids
                if data["full_id_access"]
                else services.appointment_withdraw_full_ids
            )
            obj = service(actor=request.user, appointment=obj)
        if "end" in changed:
            if data["end"] is None:
                raise BranchError(
                    _("An ended appointment is not reopened; make a new appointment instead."), code="reopen"
                )
            obj = services.appointment_end(actor=request.user, appointment=obj, end=data["end"])
        return obj

    @admin.action(description=gettext_lazy("End the selected appointments today"))
    def end_appointments(self, request, queryset):
        _each(request, queryset, services.appointment_end, "appointment")

    @admin.action(description=gettext_lazy("Grant full ID numbers"))
    def grant_full_ids(self, request, queryset):
        _each(request, queryset, services.appointment_grant_full_ids, "appointment")

    @admin.action(description=gettext_lazy("Withdraw full ID numbers"))
    def withdraw_full_ids(self, request, queryset):
        _each(request, queryset, services.appointment_withdraw_full_ids, "appointment")


@admin.register(MembershipTransfer)
class MembershipTransferAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: transfers move only along their table (branches.workflows.TRANSFER)."""

    scope_path = "from_branch__path"
    list_display = [
        "worker",
        "from_branch",
        "to_unit",
        "outside_union",
        "state",
        "requested_at",
        "effective_on",
    ]
    list_filter = ["state"]
    list_select_related = ["worker", "from_branch", "to_unit"]
    search_fields = ["worker__name", "outside_union"]


@admin.register(TransferTransition)
class TransferTransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "transfer__from_branch__path"
    list_display = ["at", "transfer", "actor_name", "action", "from_state", "to_state", "reason"]
    list_select_related = ["transfer__worker", "transfer__to_unit", "actor"]


@admin.register(UnitCounter)
class UnitCounterAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The roster counters, read only: kept by the roster's writes, corrected by reconcile_counters."""

    list_display = ["branch", "workers", "members", "cards", "women", "regular", "dispatched", "migrant"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]


@admin.register(SubtreeCounter)
class SubtreeCounterAdmin(UnitCounterAdmin):
    """The subtree counters, read only: kept by the fold of the counter changes, rebuilt by
    reconcile_counters (docs/SCALING.md, "Dashboards at any size")."""

    list_display = ["branch", "include_closed", *UnitCounterAdmin.list_display[1:]]
    list_filter = ["include_closed"]


@admin.register(CounterDelta)
class CounterDeltaAdmin(SubtreeCounterAdmin):
    """The counter changes not folded yet, read only."""


@admin.register(FindingRun)
class FindingRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The computations of the findings table, read only: started by the schedule, the command or
    a reviewer's button; a failed one keeps its reason here (docs/SCALING.md, "Findings")."""

    list_display = ["created_at", "status", "requested_by", "started_at", "finished_at", "findings", "reason"]
    list_filter = ["status"]


@admin.register(FindingRecord)
class FindingRecordAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The findings table, read only and scoped by unit: written whole by each computation."""

    scope_path = "path"
    list_display = ["branch", "code", "severity", "message", "language"]
    list_filter = ["language", "severity", "code"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]


@admin.register(CommitteeTermRecord)
class CommitteeTermRecordAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The term calendar's committees as the last refresh found them, read only and scoped by
    unit: written whole by each refresh of the findings (docs/SCALING.md)."""

    scope_path = "path"
    list_display = ["branch", "kind", "current_end", "latest_end"]
    list_filter = ["kind"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]


@admin.register(FindingCount)
class FindingCountAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The findings counted per federation and kind, read only and scoped by unit: written whole
    with the findings table by each computation."""

    scope_path = "path"
    list_display = ["branch", "code", "count", "danger", "language"]
    list_filter = ["language", "code"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]


# --- committees, workshop posts, leadership group, union funds ---------------------------------


class TermInline(ReadOnlyInline):
    model = Term
    fields = ["number", "elected_on", "start", "end"]


@admin.register(Committee)
class CommitteeAdmin(ServiceAdmin):
    list_display = ["branch", "kind", "established_on"]
    list_filter = ["kind"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]
    inlines = [TermInline]
    fixed_on_change = ("branch", "kind", "established_on")

    def create(self, request, data):
        return services.committee_create(actor=request.user, **data)

    def has_change_permission(self, request, obj=None):
        return False  # a committee's terms and seats are recorded through their own admins


@admin.register(Term)
class TermAdmin(ServiceAdmin):
    scope_path = "committee__branch__path"
    list_display = ["committee", "number", "elected_on", "start", "end"]
    list_filter = ["committee__kind"]
    list_select_related = ["committee__branch"]
    date_hierarchy = "end"
    fixed_on_change = ("committee", "number")

    def create(self, request, data):
        return services.term_create(actor=request.user, **data)

    def change(self, request, obj, data, changed):
        return services.term_update(
            actor=request.user, term=obj, elected_on=data["elected_on"], start=data["start"], end=data["end"]
        )


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(ServiceAdmin):
    scope_path = "term__committee__branch__path"
    list_display = ["worker", "position", "term", "start", "end"]
    list_filter = ["position"]
    list_select_related = ["worker", "term__committee__branch"]
    raw_id_fields = ["worker", "term"]
    fixed_on_change = ("term", "worker", "position", "start")

    def create(self, request, data):
        data.pop("end", None)  # a seat starts open; it is ended afterwards
        return services.seat_create(actor=request.user, **data)

    def change(self, request, obj, data, changed):
        if data["end"] is None:
            raise BranchError(_("Give the date the seat ends."), code="end")
        return services.seat_end(actor=request.user, seat=obj, end=data["end"])


@admin.register(WorkshopPost)
class WorkshopPostAdmin(ServiceAdmin):
    list_display = ["branch", "post", "holder", "since"]
    list_filter = ["post", ("holder", admin.EmptyFieldListFilter)]
    list_select_related = ["branch", "holder"]
    raw_id_fields = ["holder"]
    fixed_on_change = ("branch", "post")

    def has_add_permission(self, request, obj=None):
        return False  # a workshop's posts are set up together, in the workspace

    def change(self, request, obj, data, changed):
        return services.post_assign(actor=request.user, post=obj, holder=data["holder"], since=data["since"])


class LeadershipMemberInline(ReadOnlyInline):
    model = LeadershipMember
    fields = ["worker", "role", "duties"]


@admin.register(LeadershipGroup)
class LeadershipGroupAdmin(ServiceAdmin):
    list_display = ["branch", "name", "established_on", "office"]
    list_select_related = ["branch"]
    inlines = [LeadershipMemberInline]
    fixed_on_change = ("branch",)

    def create(self, request, data):
        return services.leadership_save(actor=request.user, **data)

    def change(self, request, obj, data, changed):
        data.pop("branch", None)
        return services.leadership_save(actor=request.user, branch=obj.branch, **data)


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(ServiceAdmin):
    scope_path = "group__branch__path"
    list_display = ["worker", "role", "group", "duties"]
    list_filter = ["role"]
    list_select_related = ["worker", "group__branch"]
    raw_id_fields = ["worker"]

    def create(self, request, data):
        return services.leadership_member_add(actor=request.user, **data)

    def has_change_permission(self, request, obj=None):
        return False  # remove the member and add them again

    def remove(self, request, obj):
        services.leadership_member_remove(actor=request.user, member=obj)


class FundsPaymentInline(ReadOnlyInline):
    model = FundsPayment
    fields = ["amount", "paid_on", "reference", "confirmed_by", "confirmed_at"]


@admin.register(FundsRemittance)
class FundsRemittanceAdmin(ServiceAdmin):
    list_display = ["branch", "year", "amount_due", "due_on", "withheld"]
    list_filter = ["year", "withheld"]
    list_select_related = ["branch"]
    inlines = [FundsPaymentInline]
    fixed_on_change = ("branch", "year", "amount_due", "due_on", "note")

    def create(self, request, data):
        data.pop("withheld", None)
        data.pop("withheld_reason", None)  # flagged afterwards, with its reason
        return services.remittance_create(actor=request.user, **data)

    def change(self, request, obj, data, changed):
        return services.remittance_set_withheld(
            actor=request.user, remittance=obj, withheld=data["withheld"], reason=data["withheld_reason"]
        )


@admin.register(FundsPayment)
class FundsPaymentAdmin(ServiceAdmin):
    scope_path = "remittance__branch__path"
    list_display = ["remittance", "amount", "paid_on", "reference", "confirmed_by", "confirmed_at"]
    list_select_related = ["remittance__branch", "confirmed_by"]
    readonly_fields = ["confirmed_by", "confirmed_at"]
    actions = ["confirm_receipt"]

    def create(self, request, data):
        return services.payment_create(actor=request.user, **data)

    def has_change_permission(self, request, obj=None):
        return False  # a payment is recorded once; the district confirms its receipt (the action)

    @admin.action(description=gettext_lazy("Confirm the receipt of the selected payments"))
    def confirm_receipt(self, request, queryset):
        _each(request, queryset, services.payment_confirm, "payment")


@admin.register(RosterJob)
class RosterJobAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "unit__path"
    list_display = ["created_at", "created_by", "kind", "unit", "status", "total_rows", "problem_count"]
    list_filter = ["kind", "status"]
    exclude = ["problems"]
