from django.contrib import admin, messages
from django.utils.translation import gettext as _

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin
from unionhome.answer_once import AnswerAdminMixin
from unionhome.exceptions import DomainError

from . import models, services


def _through_services(model_admin, request, queryset, service, argument: str) -> None:
    """An admin action: the service for each selected row, as the admin user (checked, audited)."""
    done = 0
    for obj in queryset:
        try:
            service(actor=request.user, **{argument: obj})
        except DomainError as exc:
            model_admin.message_user(request, f"{obj}: {exc.message}", messages.ERROR)
        else:
            done += 1
    model_admin.message_user(request, _("%(n)s done.") % {"n": done}, messages.SUCCESS)


class EnterpriseScoped(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "enterprise__path"


# Records of democratic management change only through the services (permission-checked, audited):
# the admin shows them read-only, and its actions call the services with the admin user as actor.
class ReadOnlyEnterpriseScoped(ReadOnlyAdminMixin, EnterpriseScoped):
    pass


@admin.register(models.Term)
class TermAdmin(ReadOnlyEnterpriseScoped):
    list_display = ["enterprise", "number", "elected_on", "ends_on"]


@admin.register(models.Representative)
class RepresentativeAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__enterprise__path"
    list_display = ["worker", "term", "constituency", "group", "is_manager"]
    list_select_related = ["worker", "term__enterprise", "constituency"]
    raw_id_fields = ["worker", "constituency"]


@admin.register(models.Training)
class TrainingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__enterprise__path"
    list_display = ["topic", "term", "held_on", "hours"]
    filter_horizontal = ["attendees"]


class AgendaInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Session)
class SessionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__enterprise__path"
    list_display = ["__str__", "held_on", "place", "status"]
    inlines = [AgendaInline]


@admin.register(models.Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "session__term__enterprise__path"
    list_display = ["session", "representative", "status", "signed_at"]


@admin.register(models.Resolution)
class ResolutionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "session__term__enterprise__path"
    list_display = ["title", "session", "votes_for", "votes_against", "votes_abstain", "passed", "published"]


@admin.register(models.VoteCast)
class VoteCastAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "resolution__session__term__enterprise__path"
    list_display = ["resolution", "representative", "answered_on"]


# Anonymous answers (unionhome.answer_once): of closed rounds with enough answers only; never who
# answered, never when.
@admin.register(models.Ballot)
class BallotAdmin(AnswerAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "resolution__session__term__enterprise__path"


@admin.register(models.Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """States change only through the workflow (democracy/workflows.py), in the office pages."""

    list_display = ["title", "kind", "proposer", "state", "department", "due_date"]
    list_filter = ["kind", "state"]


@admin.register(models.CoSigner)
class CoSignerAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "proposal__branch__path"


@admin.register(models.ProposalTransition)
class ProposalTransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "proposal__branch__path"
    list_display = ["proposal", "action", "from_state", "to_state", "actor_name", "at"]


@admin.register(models.Contest)
class ContestAdmin(ReadOnlyEnterpriseScoped):
    list_display = ["title", "kind", "enterprise", "held_on"]
    filter_horizontal = ["participants"]


# Rounds of secret or anonymous answers open and close only through their services (a round once
# rated or answered is never reopened: unionhome.answer_once).
@admin.register(models.EvaluationRound)
class EvaluationRoundAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "session__term__enterprise__path"
    list_display = ["title", "session", "is_open"]


@admin.register(models.Leader)
class LeaderAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "round__session__term__enterprise__path"


@admin.register(models.Rating)
class RatingAdmin(AnswerAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "round__session__term__enterprise__path"


@admin.register(models.RatingCast)
class RatingCastAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "round__session__term__enterprise__path"
    list_display = ["round", "representative", "answered_on"]


@admin.register(models.LowerMeeting)
class LowerMeetingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "kind", "held_on", "attendees"]


@admin.register(models.Disclosure)
class DisclosureAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "audience__path"
    list_display = ["title", "category", "audience", "disclosed_on", "published"]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected items to the workers"))
    def publish(self, request, queryset):
        _through_services(
            self, request, queryset.filter(published=False), services.disclosure_publish, "disclosure"
        )


@admin.register(models.Survey)
class SurveyAdmin(ReadOnlyAdminMixin, EnterpriseScoped):
    list_display = ["title", "enterprise", "year", "is_open"]


@admin.register(models.SurveyAnswer)
class SurveyAnswerAdmin(AnswerAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "survey__enterprise__path"


@admin.register(models.SurveyParticipation)
class SurveyParticipationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "survey__enterprise__path"
    list_display = ["survey", "worker", "answered_on"]


class ClauseInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = models.Clause
    extra = 0


@admin.register(models.Contract)
class ContractAdmin(ReadOnlyEnterpriseScoped):
    list_display = ["title", "kind", "enterprise", "starts_on", "ends_on", "published"]
    inlines = [ClauseInline]
    actions = ["publish"]

    @admin.action(description=_("Publish the selected contracts' text to the workers"))
    def publish(self, request, queryset):
        _through_services(
            self, request, queryset.filter(published=False), services.contract_publish, "contract"
        )


@admin.register(models.FulfilmentCheck)
class FulfilmentCheckAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "contract__enterprise__path"


@admin.register(models.ClauseResult)
class ClauseResultAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "inspection__contract__enterprise__path"


@admin.register(models.MediationCommittee)
class MediationCommitteeAdmin(ReadOnlyEnterpriseScoped):
    list_display = ["enterprise", "chair", "established_on"]


@admin.register(models.MediationCase)
class MediationCaseAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "committee__enterprise__path"
    list_display = ["subject", "received_on", "outcome"]


@admin.register(models.Petition)
class PetitionAdmin(ReadOnlyEnterpriseScoped):
    list_display = ["subject", "kind", "enterprise", "received_on", "answered_on", "abnormal"]
    list_filter = ["abnormal", "kind"]
