from django.contrib import admin

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from .models import (
    Application,
    Campaign,
    FileEntry,
    HardshipFile,
    HouseholdMember,
    Notification,
    Objection,
    Relief,
    Transition,
    Upload,
)


@admin.register(Campaign)
class CampaignAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "year", "line", "deadline", "notice_days", "is_open"]
    list_filter = ["is_open", "year"]


class MemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["worker", "campaign", "branch", "state", "category"]
    list_filter = ["state", "category", "campaign"]
    list_select_related = ["worker", "campaign", "branch"]
    raw_id_fields = ["worker", "branch", "enterprise"]
    readonly_fields = ["state"]  # the state changes only through the workflow service
    inlines = [MemberInline]
    search_fields = ["worker__name"]


@admin.register(Upload)
class UploadAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["application", "kind", "original_name", "content_type", "size", "uploaded_at"]
    exclude = ["file"]  # files are served by the permission-checked view only


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["application", "at", "actor", "from_state", "to_state", "comment"]
    list_select_related = ["application__worker", "application__campaign", "actor"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["application", "received_on", "outcome"]


@admin.register(Relief)
class ReliefAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["application", "form", "amount", "delivered_on", "delivered_by"]


class FileEntryInline(admin.TabularInline):
    model = FileEntry
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "on", "form", "amount", "note", "application", "recorded_by"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HardshipFile)
class HardshipFileAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["worker", "branch", "status", "next_review_on"]
    list_filter = ["status"]
    raw_id_fields = ["worker", "branch", "enterprise"]
    readonly_fields = [
        "status",
        "closed_on",
        "closed_reason",
    ]  # closing and reopening go through the services
    inlines = [FileEntryInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "message", "read_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user=request.user)


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["name", "relation", "application", "monthly_income"]
    list_select_related = ["application__worker", "application__campaign"]
    raw_id_fields = ["application"]


@admin.register(FileEntry)
class FileEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "file__branch__path"
    list_display = ["file", "kind", "on", "form", "amount"]
    list_select_related = ["file__worker"]
