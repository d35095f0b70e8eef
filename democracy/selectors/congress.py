"""Scoped reads of the workers' congress (职工代表大会): terms, representatives and their training, sessions,
agenda, attendance, resolutions and votes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from branches.models import Branch, Worker
from unionhome import scope

from .. import conf, rules
from ..models import Attendance, Representative, Resolution, Session, Term, Training, VoteCast
from .common import enterprise_of_worker, enterprise_q


def terms(user) -> QuerySet[Term]:
    return (
        Term.objects.filter(enterprise_q(user))
        .select_related("enterprise")
        .annotate(representative_count=Count("representatives", distinct=True))
    )


def term(user, pk: int) -> Term:
    return scope.get_or_404(terms(user), user, None, pk=pk)


def current_term(enterprise: Branch, today: dt.date | None = None) -> Term | None:
    today = today or timezone.localdate()
    return (
        Term.objects.filter(enterprise=enterprise, elected_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-number")
        .first()
    )


def representatives(term: Term) -> QuerySet[Representative]:
    return term.representatives.select_related("worker", "constituency", "worker__branch").annotate(
        training_count=Count("trainings")
    )


def composition(term: Term) -> rules.Composition:
    reps = term.representatives.aggregate(
        n=Count("id"),
        managers=Count("id", filter=Q(is_manager=True)),
        women=Count("id", filter=Q(worker__gender=Worker.Gender.FEMALE)),
    )
    workers = Worker.objects.filter(
        branch__path__startswith=term.enterprise.path, status=Worker.Status.ACTIVE
    ).aggregate(n=Count("id"), women=Count("id", filter=Q(gender=Worker.Gender.FEMALE)))
    return rules.Composition(reps["n"], reps["managers"], reps["women"], workers["n"], workers["women"])


def composition_warnings(term: Term) -> tuple[rules.Composition, list[str]]:
    c = composition(term)
    return c, rules.composition_warnings(
        c, manager_max=conf.get("MANAGER_SHARE_MAX"), women_tolerance=conf.get("WOMEN_SHARE_TOLERANCE")
    )


def trainings(term: Term) -> QuerySet[Training]:
    return term.trainings.annotate(attendee_count=Count("attendees"))


def sessions(user) -> QuerySet[Session]:
    return (
        Session.objects.filter(enterprise_q(user, "term__enterprise__path"))
        .select_related("term", "term__enterprise")
        .annotate(
            present=Count(
                "attendances", filter=Q(attendances__status=Attendance.Status.PRESENT), distinct=True
            ),
            representative_count=Count("term__representatives", distinct=True),
        )
    )


def session(user, pk: int) -> Session:
    return scope.get_or_404(sessions(user), user, None, pk=pk)


def attendance_sheet(session: Session) -> list[tuple[Representative, str | None]]:
    marks = {a.representative_id: a.status for a in session.attendances.all()}
    return [
        (r, marks.get(r.pk)) for r in session.term.representatives.select_related("worker", "constituency")
    ]


def attendance_counts(session: Session) -> dict[str, int]:
    counts = Counter(session.attendances.values_list("status", flat=True))
    total = session.term.representatives.count()
    return {
        "total": total,
        "present": counts[Attendance.Status.PRESENT],
        "leave": counts[Attendance.Status.LEAVE],
        "absent": counts[Attendance.Status.ABSENT],
        "needed": rules.quorum_needed(total, conf.get("QUORUM")),
    }


def resolutions(user) -> QuerySet[Resolution]:
    return Resolution.objects.filter(enterprise_q(user, "session__term__enterprise__path")).select_related(
        "session", "session__term", "session__term__enterprise"
    )


def resolution(user, pk: int) -> Resolution:
    return scope.get_or_404(resolutions(user), user, None, pk=pk)


def representative_of(worker: Worker) -> Representative | None:
    """The worker's seat in the current congress term of their enterprise, if elected."""
    enterprise = enterprise_of_worker(worker)
    term = current_term(enterprise) if enterprise else None
    if term is None:
        return None
    return term.representatives.filter(worker=worker).select_related("term", "term__enterprise").first()


def published_resolutions(worker: Worker) -> QuerySet[Resolution]:
    """The resolutions published to the worker's enterprise; none for a worker who has left."""
    if worker.status != Worker.Status.ACTIVE:
        return Resolution.objects.none()
    enterprise = enterprise_of_worker(worker)
    return Resolution.objects.filter(session__term__enterprise=enterprise, published=True).select_related(
        "session", "session__term"
    )


def portal_votes(rep: Representative) -> QuerySet[Resolution]:
    return Resolution.objects.filter(
        session__term=rep.term,
        session__status=Session.Status.OPEN,
        session__portal_voting=True,
        voting_open=True,
    ).annotate(has_voted=Exists(VoteCast.objects.filter(resolution=OuterRef("pk"), representative=rep)))


def portal_resolution(rep: Representative, pk: int) -> Resolution:
    return scope.get_or_404(portal_votes(rep), None, None, pk=pk)
