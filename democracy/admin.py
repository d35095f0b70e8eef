from django.contrib import admin

from unionhome.adminscope import ReadOnlyAdminMixin, ScopedAdminMixin

from . import models


class EnterpriseScoped(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "enterprise__path"


@admin.register(models.Term)
class TermAdmin(EnterpriseScoped):
    list_display = ["enterprise", "number", "elected_on", "ends_on"]


@admin.register(models.Representative)
class RepresentativeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__enterprise__path"
    list_display = ["worker", "term", "constituency", "group", "is_manager"]
    list_select_related = ["worker", "term__enterprise", "constituency"]
    raw_id_fields = ["worker", "constituency"]


@admin.register(models.Training)
class TrainingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__enterprise__path"
    list_display = ["topic", "term", "held_on", "hours"]
    filter_horizontal = ["attendees"]


class AgendaInline(admin.TabularInline):
    model = models.AgendaItem
    extra = 0


@admin.register(models.Session)
class SessionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "term__enterprise__path"
    list_display = ["__str__", "held_on", "place", "status"]
    inlines = [AgendaInline]


@admin.register(models.Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "session__term__enterprise__path"
    list_display = ["session", "representative", "status", "signed_at"]


@admin.register(models.Resolution)
class ResolutionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "session__term__enterprise__path"
    list_display = ["title", "session", "votes_for", "votes_against", "votes_abstain", "passed", "published"]


@admin.register(models.VoteCast, models.Ballot)
class BallotAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "resolution__session__term__enterprise__path"


@admin.register(models.Proposal)
class ProposalAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "proposer", "state", "department", "due_date"]
    list_filter = ["kind", "state"]
    raw_id_fields = ["proposer", "branch", "enterprise"]

    def has_change_permission(self, request, obj=None):
        return False  # states change only through the workflow service


@admin.register(models.CoSigner)
class CoSignerAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "proposal__branch__path"


@admin.register(models.ProposalTransition)
class ProposalTransitionAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "proposal__branch__path"
    list_display = ["proposal", "from_state", "to_state", "actor", "at"]


@admin.register(models.Contest)
class ContestAdmin(EnterpriseScoped):
    list_display = ["title", "kind", "enterprise", "held_on"]
    filter_horizontal = ["participants"]


@admin.register(models.EvaluationRound)
class EvaluationRoundAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "session__term__enterprise__path"
    list_display = ["title", "session", "is_open"]


@admin.register(models.Leader)
class LeaderAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "round__session__term__enterprise__path"


@admin.register(models.Rating)
class RatingAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "leader__round__session__term__enterprise__path"


@admin.register(models.RatingCast)
class RatingCastAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "round__session__term__enterprise__path"


@admin.register(models.LowerMeeting)
class LowerMeetingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["branch", "kind", "held_on", "attendees"]


@admin.register(models.Disclosure)
class DisclosureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "audience__path"
    list_display = ["title", "category", "audience", "disclosed_on", "published"]


@admin.register(models.Survey)
class SurveyAdmin(EnterpriseScoped):
    list_display = ["title", "enterprise", "year", "is_open"]


@admin.register(models.SurveyAnswer)
class SurveyAnswerAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "survey__enterprise__path"


@admin.register(models.SurveyParticipation)
class SurveyParticipationAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "survey__enterprise__path"


class ClauseInline(admin.TabularInline):
    model = models.Clause
    extra = 0


@admin.register(models.Contract)
class ContractAdmin(EnterpriseScoped):
    list_display = ["title", "kind", "enterprise", "starts_on", "ends_on", "published"]
    inlines = [ClauseInline]


@admin.register(models.FulfilmentCheck)
class FulfilmentCheckAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "contract__enterprise__path"


@admin.register(models.ClauseResult)
class ClauseResultAdmin(ReadOnlyAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "inspection__contract__enterprise__path"


@admin.register(models.MediationCommittee)
class MediationCommitteeAdmin(EnterpriseScoped):
    list_display = ["enterprise", "chair", "established_on"]


@admin.register(models.MediationCase)
class MediationCaseAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_path = "committee__enterprise__path"
    list_display = ["subject", "received_on", "outcome"]


@admin.register(models.Petition)
class PetitionAdmin(EnterpriseScoped):
    list_display = ["subject", "kind", "enterprise", "received_on", "answered_on", "abnormal"]
    list_filter = ["abnormal", "kind"]
