from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from .accounts_admin import user_delete, user_save, user_state
from .models import AccessLog, AuditEvent, OutboxMessage, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("职工之家", {"fields": ("worker",)}))
    raw_id_fields = ["worker"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(pk=request.user.pk)

    # Every save and delete goes through the audited account services.
    def save_model(self, request, obj, form, change):
        before = user_state(User.objects.get(pk=obj.pk)) if change else None
        password_changed = not change or "password" in form.changed_data or "password1" in form.changed_data
        user_save(actor=request.user, user=obj, before=before, password_changed=password_changed)

    def user_change_password(self, request, id, form_url=""):
        """The password form saves the account itself; the change is audited in the same transaction."""
        with transaction.atomic():
            before = user_state(User.objects.get(pk=id)) if User.objects.filter(pk=id).exists() else None
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302 and before is not None:
                user_save(
                    actor=request.user, user=User.objects.get(pk=id), before=before, password_changed=True
                )
        return response

    def delete_model(self, request, obj):
        user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            user_delete(actor=request.user, user=user)


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


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What was sent, what waits and why (the sender retries by itself); administrators only."""

    list_display = ["created_at", "subject", "attempts", "next_try_at", "sent_at", "last_error"]
    list_filter = ["sent_at"]
    search_fields = ["subject"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser
