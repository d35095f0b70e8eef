"""What the assessment shows due or overdue, as findings of the federation dashboard
(``settings.UNIONHOME_FINDING_PROVIDERS``; docs/DOMAIN.md, "Assessment"): branches' quarterly
self-checks and enterprises' half-year initial and yearly overall evaluations not submitted
(篇一 考评), self-scored assessments waiting for review too long, and titles due for re-check within
``RECHECK_SOON_DAYS`` or lapsed (篇五 原则4 "建家、评家、复查机制").
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.models import Branch
from branches.selectors.compliance import Finding
from unionhome import scope

from . import rules
from .models import Assessment, TitleAward

RECHECK_SOON_DAYS = 90  # a title whose re-check falls within this many days is shown as due

# What each kind of finding is, for the dashboard's groups (branches.selectors.federation).
FINDING_LABELS = {
    "assessment_self_check_due": gettext_lazy("Quarterly self-check due"),
    "assessment_evaluation_due": gettext_lazy("Half-year or yearly evaluation due"),
    "assessment_review_overdue": gettext_lazy("Assessment review overdue"),
    "assessment_recheck_due": gettext_lazy("Title due for re-check"),
    "assessment_title_lapsed": gettext_lazy("Title lapsed"),
}

_SUBMITTED = [Assessment.State.SELF_SCORED, Assessment.State.REVIEWED, Assessment.State.ACCEPTED]


def _due_message(due: rules.Due) -> str:
    period = {"quarterly": _("%(year)s Q%(number)s"), "half_year": _("%(year)s H%(number)s")}.get(
        due.kind, _("%(year)s")
    ) % {"year": due.year, "number": due.number}
    what = {
        "quarterly": _("quarterly self-check"),
        "half_year": _("half-year initial evaluation"),
        "annual": _("yearly overall evaluation"),
    }[due.kind]
    return _("%(what)s of %(period)s not submitted (due by %(date)s)") % {
        "what": what,
        "period": period,
        "date": due.end,
    }


def findings(user, root: Branch | None = None, *, today: dt.date | None = None) -> list[Finding]:
    """The assessment's dues in the user's scope (under ``root`` when given). A constant number of
    queries whatever the size of the tree."""
    today = today or timezone.localdate()
    units_qs = scope.limit(Branch.objects.filter(is_active=True), user, "path")
    assessments_qs = scope.limit(Assessment.objects.all(), user)
    titles_qs = scope.limit(TitleAward.objects.all(), user)
    if root is not None:
        units_qs = units_qs.filter(path__startswith=root.path)
        assessments_qs = assessments_qs.filter(branch__path__startswith=root.path)
        titles_qs = titles_qs.filter(branch__path__startswith=root.path)
    result: list[Finding] = []

    # Self-checks and evaluations not submitted.
    checks = [((Branch.Kind.BRANCH, Branch.Kind.GROUP), due) for due in rules.self_checks_due(today)]
    checks += [((Branch.Kind.ENTERPRISE,), due) for due in rules.evaluations_due(today)]
    if checks:
        units = list(units_qs.filter(kind__in=[k for kinds, _d in checks for k in kinds]).order_by("path"))
        submitted = set(
            assessments_qs.filter(
                state__in=_SUBMITTED,
                period_kind__in={d.kind for _k, d in checks},
                year__in={d.year for _k, d in checks},
            ).values_list("branch_id", "period_kind", "year", "number")
        )
        url = reverse("assessment:assessment_create")
        for kinds, due in checks:
            code = "assessment_self_check_due" if due.kind == "quarterly" else "assessment_evaluation_due"
            for unit in units:
                if unit.kind in kinds and (unit.pk, due.kind, due.year, due.number) not in submitted:
                    severity = "danger" if due.end < today else "warning"
                    result.append(Finding(unit, code, _due_message(due), f"{url}?unit={unit.pk}", severity))

    # Reviews overdue.
    waiting = (
        assessments_qs.filter(state=Assessment.State.SELF_SCORED)
        .select_related("branch", "standard")
        .prefetch_related("transitions")
        .order_by("branch__path", "pk")
    )
    for a in waiting:
        submitted_on = [
            t.at.date() for t in a.transitions.all() if t.to_state == Assessment.State.SELF_SCORED
        ]
        if submitted_on and rules.review_overdue(max(submitted_on), today):
            message = _("%(assessment)s submitted on %(date)s, not reviewed within %(days)s days") % {
                "assessment": a.get_period_kind_display() + f" {a.period_start} – {a.period_end}",
                "date": max(submitted_on),
                "days": rules.REVIEW_DUE_DAYS,
            }
            result.append(
                Finding(a.branch, "assessment_review_overdue", message, a.get_absolute_url(), "danger")
            )

    # Titles: the newest award of each unit, title and level.
    newest: dict[tuple, TitleAward] = {}
    for award in titles_qs.select_related("branch").order_by("-year", "-awarded_on", "-pk"):
        newest.setdefault((award.branch_id, award.title, award.level), award)
    soon = today + dt.timedelta(days=RECHECK_SOON_DAYS)
    for award in sorted(newest.values(), key=lambda a: (a.branch.path, a.title, a.level)):
        url = reverse("assessment:unit", args=[award.branch_id])
        name = f"{award.get_title_display()} ({award.get_level_display()}, {award.year})"
        if award.lapsed_on(today):
            message = _("%(title)s lapsed: not re-checked by %(date)s") % {
                "title": name,
                "date": award.recheck_due,
            }
            result.append(Finding(award.branch, "assessment_title_lapsed", message, url, "danger"))
        elif award.recheck_due <= soon:
            message = _("%(title)s: re-check due by %(date)s") % {"title": name, "date": award.recheck_due}
            result.append(Finding(award.branch, "assessment_recheck_due", message, url, "warning"))
    return result
