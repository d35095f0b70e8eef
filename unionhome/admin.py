from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import AccessLog, AuditEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("职工之家", {"fields": ("worker",)}))
    raw_id_fields = ["worker"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.pk)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "branch_path"
    list_display = ["at", "actor_name", "actor_username", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr", "object_id", "actor_username"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "branch_path"
    list_display = ["at", "user_name", "user_username", "kind", "object_type", "object_repr", "detail"]
    list_filter = ["kind", "object_type"]
    search_fields = ["object_repr", "object_id", "user_username"]
