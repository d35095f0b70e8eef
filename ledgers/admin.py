"""The ledgers in the admin: read-only (entries are written through ``ledgers.services``, which
checks their typed data), scoped like every list."""

from django.contrib import admin

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import (
    CalendarDueRecord,
    LedgerAttachment,
    LedgerEntry,
    LedgerParticipant,
    LedgerSubtotal,
    LedgerTally,
)


class ParticipantInline(admin.TabularInline):
    model = LedgerParticipant
    extra = 0
    can_delete = False
    readonly_fields = ("worker", "hours", "role")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "title", "kind", "branch", "status"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_select_related = ["branch"]
    inlines = [ParticipantInline]


@admin.register(LedgerAttachment)
class LedgerAttachmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "entry__branch__path"
    list_display = ["entry", "original_name", "content_type", "size", "uploaded_at"]
    exclude = ["file"]  # files are served by the permission-checked view only


@admin.register(CalendarDueRecord)
class CalendarDueRecordAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The term calendar's ledger duties as the last refresh computed them, read only and scoped
    by unit: written whole by each refresh of the findings (docs/SCALING.md)."""

    scope_path = "path"
    list_display = ["branch", "code", "year", "period", "due_on"]
    list_filter = ["code"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]


@admin.register(LedgerTally)
class LedgerTallyAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The ledger tallies, read only and scoped by unit: written whole by each refresh."""

    scope_path = "path"
    list_display = ["branch", "year", "workers", "culture_participants", "information_items"]
    list_filter = ["year"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]


@admin.register(LedgerSubtotal)
class LedgerSubtotalAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The ledger tallies summed per federation, read only and scoped by unit: written whole with
    the tallies by each refresh."""

    scope_path = "path"
    list_display = ["branch", "year"]
    list_filter = ["year"]
    list_select_related = ["branch"]
    search_fields = ["branch__name", "branch__code"]
