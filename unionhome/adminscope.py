"""Scoping for the Django admin: staff users who are not superusers see only their scope."""

from __future__ import annotations

from unionhome import scope


class ScopedAdminMixin:
    """Limit the admin's lists, details and choices to the user's scope.

    ``scope_path`` names the branch path of each row (``branch__path``, or ``path`` for Branch).
    """

    scope_path = "branch__path"

    def get_queryset(self, request):
        return scope.limit(super().get_queryset(request), request.user, self.scope_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        Unit = scope.unit_model()
        if db_field.related_model is Unit and not request.user.is_superuser:
            kwargs["queryset"] = scope.limit(Unit.objects.all(), request.user, "path")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """For append-only records (audit trail, access log): nobody edits or deletes them here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
