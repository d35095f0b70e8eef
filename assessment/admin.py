"""The assessment in the admin: read-only throughout.

Every write goes through the services (pages, commands, tasks), which check the named permissions
and write the audit trail; the admin only lists and shows the rows, scoped to the user.
"""

from django.contrib import admin

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin
from unionhome.answer_once import AnswerAdminMixin

from .models import (
    Assessment,
    EvaluationAnswer,
    EvaluationRound,
    Evidence,
    ItemScore,
    Participation,
    Reminder,
    Section,
    Standard,
    StandardItem,
    TitleAward,
    TitleTransition,
    Transition,
    VetoConfirmation,
    VetoContest,
    VetoRule,
)


class SectionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Section
    extra = 0
    can_delete = False


class VetoRuleInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = VetoRule
    extra = 0
    can_delete = False


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: standards change through the services' pages, which make new versions."""

    list_display = ["name", "code", "version", "level", "title", "effective_date"]
    list_filter = ["level", "title", "kind"]
    search_fields = ["name", "code"]
    inlines = [SectionInline, VetoRuleInline]


@admin.register(StandardItem)
class StandardItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["text", "section", "points", "indicator"]
    list_select_related = ["section__standard"]


class ItemScoreInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ItemScore
    extra = 0
    can_delete = False
    readonly_fields = ["item", "self_score", "self_comment", "reviewer_score", "reviewer_comment"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "standard", "period_kind", "year", "number", "state", "total", "rating"]
    list_filter = ["state", "period_kind", "year", "rating"]
    list_select_related = ["branch", "standard"]
    search_fields = ["branch__name", "branch__code"]
    inlines = [ItemScoreInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "assessment__branch__path"
    list_display = ["original_name", "assessment", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["assessment__branch", "uploaded_by"]
    exclude = ["file"]  # served only by the permission-checked view


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "assessment__branch__path"
    list_display = ["assessment", "action", "from_state", "to_state", "actor", "at"]
    list_select_related = ["assessment__branch", "actor"]


@admin.register(TitleTransition)
class TitleTransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "title_award__branch__path"
    list_display = ["title_award", "action", "from_state", "to_state", "actor", "at"]
    list_select_related = ["title_award__branch", "actor"]


@admin.register(VetoConfirmation)
class VetoConfirmationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "assessment__branch__path"
    list_display = ["assessment", "veto_rule", "vetoed", "recorded_by", "recorded_at"]


@admin.register(VetoContest)
class VetoContestAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "assessment__branch__path"
    list_display = ["assessment", "veto_rule", "contested_by", "contested_at"]
    list_select_related = ["assessment__branch", "veto_rule", "contested_by"]


@admin.register(TitleAward)
class TitleAwardAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "title", "level", "year", "awarded_on", "decided_by", "state", "recheck_due"]
    list_filter = ["title", "level", "state"]
    list_select_related = ["branch"]


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "branch", "year", "is_open"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "round__branch__path"
    list_display = ["round", "worker", "answered_on"]
    list_select_related = ["round", "worker"]


@admin.register(EvaluationAnswer)
class EvaluationAnswerAdmin(AnswerAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Answers of closed rounds with enough answers only; never who, never when."""

    scope_path = "round__branch__path"


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "kind", "period_key", "recipients", "sent_at"]
