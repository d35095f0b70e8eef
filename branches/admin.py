from django.contrib import admin
from import_export.admin import ImportExportMixin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from .exceptions import DomainError
from .models import (
    Appointment,
    Branch,
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipGroup,
    LeadershipMember,
    MembershipTransfer,
    RosterJob,
    Term,
    TransferTransition,
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


@admin.register(Branch)
class BranchAdmin(ScopedAdminMixin, ServiceImportExportMixin, TreeAdmin):
    scope_path = "path"
    resource_classes = [BranchResource]
    form = movenodeform_factory(Branch)
    list_display = ["name", "code", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Worker)
class WorkerAdmin(ScopedAdminMixin, ServiceImportExportMixin, admin.ModelAdmin):
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

    def has_delete_permission(self, request, obj=None):
        return False  # people are never hard-deleted: mark them as left


@admin.register(Appointment)
class AppointmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "branch", "start", "end", "full_id_access"]
    list_filter = ["role"]
    list_select_related = ["user", "branch"]
    raw_id_fields = ["user"]


@admin.register(MembershipTransfer)
class MembershipTransferAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: transfers move only through branches.services.transfer_apply (locked, audited)."""

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
    list_display = ["at", "transfer", "actor", "from_state", "to_state", "comment"]
    list_select_related = ["transfer__worker", "transfer__to_unit", "actor"]


# --- committees, workshop posts, leadership group, union funds ---------------------------------


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ["number", "elected_on", "start", "end"]


@admin.register(Committee)
class CommitteeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "kind", "established_on"]
    list_filter = ["kind"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]
    inlines = [TermInline]


@admin.register(Term)
class TermAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "committee__branch__path"
    list_display = ["committee", "number", "elected_on", "start", "end"]
    list_filter = ["committee__kind"]
    list_select_related = ["committee__branch"]
    date_hierarchy = "end"


@admin.register(CommitteeSeat)
class CommitteeSeatAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__committee__branch__path"
    list_display = ["worker", "position", "term", "start", "end"]
    list_filter = ["position"]
    list_select_related = ["worker", "term__committee__branch"]
    raw_id_fields = ["worker", "term"]


@admin.register(WorkshopPost)
class WorkshopPostAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "post", "holder", "since"]
    list_filter = ["post", ("holder", admin.EmptyFieldListFilter)]
    list_select_related = ["branch", "holder"]
    raw_id_fields = ["holder"]


class LeadershipMemberInline(admin.TabularInline):
    model = LeadershipMember
    extra = 0
    raw_id_fields = ["worker"]


@admin.register(LeadershipGroup)
class LeadershipGroupAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "name", "established_on", "office"]
    list_select_related = ["branch"]
    inlines = [LeadershipMemberInline]


@admin.register(LeadershipMember)
class LeadershipMemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "group__branch__path"
    list_display = ["worker", "role", "group", "duties"]
    list_filter = ["role"]
    list_select_related = ["worker", "group__branch"]
    raw_id_fields = ["worker"]


class FundsPaymentInline(admin.TabularInline):
    model = FundsPayment
    extra = 0
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(FundsRemittance)
class FundsRemittanceAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "year", "amount_due", "due_on", "withheld"]
    list_filter = ["year", "withheld"]
    list_select_related = ["branch"]
    inlines = [FundsPaymentInline]


@admin.register(FundsPayment)
class FundsPaymentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "remittance__branch__path"
    list_display = ["remittance", "amount", "paid_on", "reference", "confirmed_by", "confirmed_at"]
    list_select_related = ["remittance__branch", "confirmed_by"]
    readonly_fields = ["confirmed_by", "confirmed_at"]


@admin.register(RosterJob)
class RosterJobAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "unit__path"
    list_display = ["created_at", "created_by", "kind", "unit", "status", "total_rows", "problem_count"]
    list_filter = ["kind", "status"]
    exclude = ["problems"]
