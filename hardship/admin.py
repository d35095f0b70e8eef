"""The admin of hardship relief: a client of the services, or read-only.

Campaigns are created and changed through ``services.campaign_create`` / ``campaign_update`` and
closed or reopened through their actions (permission-checked and audited as in the office). Every
other record is written by its workflow or service only (applications, their steps, objections,
relief, files), so the admin shows it read-only.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin
from unionhome.exceptions import DomainError

from . import services
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
    WorkerObjection,
)

CAMPAIGN_INPUT = ("name", "line", "deadline", "notice_days")


def _each(model_admin, request, queryset, service, done):
    count = 0
    for campaign in queryset:
        try:
            service(actor=request.user, campaign=campaign)
            count += 1
        except DomainError as exc:
            model_admin.message_user(request, f"{campaign}: {exc.message}", messages.ERROR)
    if count:
        model_admin.message_user(request, done % {"n": count}, messages.SUCCESS)


@admin.action(description=_("Close the selected campaigns"))
def close_campaigns(model_admin, request, queryset):
    _each(model_admin, request, queryset, services.campaign_close, _("%(n)s campaigns closed."))


@admin.action(description=_("Reopen the selected campaigns (accept late reports)"))
def reopen_campaigns(model_admin, request, queryset):
    _each(model_admin, request, queryset, services.campaign_reopen, _("%(n)s campaigns reopened."))


@admin.register(Campaign)
class CampaignAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "year", "line", "deadline", "notice_days", "is_open"]
    list_filter = ["is_open", "year"]
    fields = ["name", "branch", "year", "line", "deadline", "notice_days", "is_open", "late_reports_allowed"]
    actions = [close_campaigns, reopen_campaigns]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["is_open", "late_reports_allowed"]  # the close and reopen actions change them
        return [*fixed, "branch", "year"] if obj is not None else fixed

    def has_delete_permission(self, request, obj=None):
        return False  # a campaign holds applications; it is closed, never deleted

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in CAMPAIGN_INPUT}
        if change:
            saved = services.campaign_update(actor=request.user, campaign=obj, **data)
        else:
            saved = services.campaign_create(
                actor=request.user, district=obj.branch, year=form.cleaned_data["year"], **data
            )
        obj.pk = saved.pk
        obj.created_by_id = saved.created_by_id


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class MemberInline(ReadOnlyInline):
    model = HouseholdMember


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Applications change only through their workflow and ``application_save`` (office or portal)."""

    list_display = ["worker", "campaign", "branch", "state", "category"]
    list_filter = ["state", "category", "campaign"]
    list_select_related = ["worker", "campaign", "branch"]
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
    list_display = ["application", "at", "actor_display", "from_state", "to_state", "reason"]
    list_select_related = ["application__worker", "application__campaign", "actor"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["application", "received_on", "outcome"]


@admin.register(WorkerObjection)
class WorkerObjectionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Who objected is the enterprise union's officers' to read, on their own page: never here."""

    scope_path = "application__enterprise__path"
    list_display = ["application", "received_at", "status", "handled_at"]
    exclude = ["objector", "reason"]


@admin.register(Relief)
class ReliefAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["application", "form", "amount", "delivered_on", "delivered_by"]


class FileEntryInline(ReadOnlyInline):
    model = FileEntry


@admin.register(HardshipFile)
class HardshipFileAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Files are opened by the district's approval and kept through the office's pages (help,
    reviews, closing, reopening): their services write the audit trail."""

    list_display = ["worker", "branch", "status", "next_review_on"]
    list_filter = ["status"]
    inlines = [FileEntryInline]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "created_at", "message", "read_at"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user=request.user)


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "application__branch__path"
    list_display = ["name", "relation", "application", "monthly_income"]
    list_select_related = ["application__worker", "application__campaign"]


@admin.register(FileEntry)
class FileEntryAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "file__branch__path"
    list_display = ["file", "kind", "on", "form", "amount"]
    list_select_related = ["file__worker"]
