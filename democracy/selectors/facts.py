"""The facts democratic management gives the model-home assessment."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from branches.facts import Fact
from branches.models import Branch
from unionhome import scope

from .. import rules
from ..models import Contest, Contract, Disclosure, FulfilmentCheck, Petition, Proposal, Session, Survey
from .affairs_disclosure import survey_result
from .collective_contracts import check_rate
from .competitions import participation
from .proposal_handling import proposal_stats


def assessment_facts(*, branch: Branch, year: int) -> dict[str, Fact]:
    """Democracy facts of the enterprise that holds ``branch``, for ``year``."""
    enterprise = scope.enterprise_of(branch)
    if enterprise is None:
        return {}
    source = _("democratic management")
    today = timezone.localdate()
    # held: opened or closed on a day already come; a planned session, whatever its date, is not
    # (篇二 §五.4(2), 篇三 4.1.3.1 "职代会每年召开一次"). One planned for a day still to come makes the
    # congress not yet due until that day (branches.facts.Fact.due_on); none planned, not held.
    sessions = Session.objects.filter(term__enterprise=enterprise, held_on__year=year)
    sessions_held = sessions.filter(held_on__lte=today).exclude(status=Session.Status.PLANNED)
    planned_on = (
        sessions.filter(status=Session.Status.PLANNED, held_on__gte=today)
        .order_by("held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    year_end = dt.date(year, 12, 31)
    published = Disclosure.objects.filter(enterprise=enterprise, published=True, disclosed_on__year=year)
    day = min(year_end, max(today, dt.date(year, 1, 1)))
    in_force = Contract.objects.filter(
        enterprise=enterprise, kind=Contract.Kind.COLLECTIVE, starts_on__lte=day, ends_on__gte=day
    )
    check = (
        FulfilmentCheck.objects.filter(
            contract__enterprise=enterprise, contract__kind=Contract.Kind.COLLECTIVE, year=year
        )
        .order_by("-checked_on")
        .first()
    )
    fulfilment = check_rate(check) if check else None
    # the year's latest closed survey, and only if its results may be shown (answer_once)
    survey = Survey.objects.filter(enterprise=enterprise, year=year, is_open=False).order_by("-id").first()
    result = survey_result(survey) if survey else None
    result = None if result is None or result.withheld else result
    stats = proposal_stats(Proposal.objects.filter(enterprise=enterprise, submitted_at__year=year))
    abnormal = Petition.objects.filter(enterprise=enterprise, abnormal=True, received_on__year=year).count()
    took_part, workers = participation(enterprise, year)
    recorded = (
        Proposal.objects.filter(enterprise=enterprise, submitted_at__year=year).exists()
        or Contest.objects.filter(enterprise=enterprise, held_on__year=year).exists()
    )
    participation_rate = rules.rate(took_part, workers) if recorded else None
    held = sessions_held.exists()
    return {
        "congress_held": Fact(
            held,
            _("%(n)s congress sessions") % {"n": sessions_held.count()},
            source,
            due_on=planned_on if not held else None,
        ),
        "disclosure_in_place": Fact(
            published.exists(), _("%(n)s disclosure items published") % {"n": published.count()}, source
        ),
        "collective_contract_in_force": Fact(in_force.exists(), "", source),
        "contract_fulfilment_rate": Fact(
            fulfilment, _("fulfilment check of %(year)s") % {"year": year} if check else "", source
        ),
        "disclosure_knowledge_rate": Fact(
            result.knowledge_rate if result else None,
            _("%(k)s of %(n)s answers") % {"k": result.knows, "n": result.answers} if result else "",
            source,
        ),
        "disclosure_satisfaction_rate": Fact(
            result.satisfaction_rate if result else None,
            _("%(k)s of %(n)s answers") % {"k": result.satisfied + result.basic, "n": result.answers}
            if result
            else "",
            source,
        ),
        "proposals_answered_rate": Fact(
            stats["answered_rate"],
            _("%(a)s answered of %(b)s accepted") % {"a": stats["answered"], "b": stats["accepted"]},
            source,
        ),
        "abnormal_petitions": Fact(abnormal, "", source),
        "participation_rate": Fact(
            participation_rate,
            _("%(a)s of %(b)s workers") % {"a": took_part, "b": workers}
            if participation_rate is not None
            else "",
            source,
        ),
    }
