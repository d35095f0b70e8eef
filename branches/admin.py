from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from import_export.admin import ImportExportMixin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from .exceptions import DomainError
from .models import AccessLog, Appointment, AuditEvent, Branch, RosterJob, User, Worker
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


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("职工之家", {"fields": ("worker",)}))
    raw_id_fields = ["worker"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.pk)


@admin.register(Appointment)
class AppointmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "branch", "start", "end", "full_id_access"]
    list_filter = ["role"]
    list_select_related = ["user", "branch"]
    raw_id_fields = ["user"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "branch_path"
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "branch_path"
    list_display = ["at", "user", "kind", "object_type", "object_repr", "detail"]
    list_filter = ["kind", "object_type"]


@admin.register(RosterJob)
class RosterJobAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "unit__path"
    list_display = ["created_at", "created_by", "kind", "unit", "status", "total_rows", "problem_count"]
    list_filter = ["kind", "status"]
    exclude = ["problems"]
