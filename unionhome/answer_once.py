"""Answer once, anonymously: the one mechanism behind secret ballots, leader ratings, disclosure
surveys and the members' evaluation of their home (docs/ARCHITECTURE.md, the kernel's "answer-once").

Each kind keeps two tables that cannot be joined:

- a *participation* (``Participation``): that a person took part in a round, and on which day; one
  row per round and person (a unique constraint of the concrete model);
- an *answer* (``Answer``): what was answered, under a random key, with the round, the payload and
  the day, and nothing that leads back to the person: no link to them, no sequential id, no time of
  day, and no order but the random key's.

``answer_once`` writes both in one transaction that locks the round, so that a double submit gives
one refusal and exactly one participation and one set of answers; its audit event records the
participation only. ``results_visible`` says whether a result may be computed and shown at all: the
round closed, and at least ``settings.UNIONHOME_MIN_ANSWERS`` answers behind every figure.

The round model (a resolution put to the vote, an evaluation round, a survey) mixes in
``AnswerRound`` and names the boolean field that is true while it takes answers.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .exceptions import Conflict, DomainError

DEFAULT_MIN_ANSWERS = 5


class AnswersClosed(DomainError):
    """The round takes no answers (not yet opened, or closed)."""

    code = "closed"


class AlreadyAnswered(Conflict):
    """The person has already taken part in the round."""

    code = "answered"


def today():
    return timezone.localdate()


class AnswerRound:
    """Mixin of a round model: ``answers_open_field`` is its boolean that is true while it takes
    answers (``is_open``, ``voting_open``)."""

    answers_open_field: ClassVar[str] = "is_open"

    @property
    def accepts_answers(self) -> bool:
        return bool(getattr(self, self.answers_open_field))


class Participation(models.Model):
    """That a person took part in a round: who, and the day only (never the time, never what).

    The concrete model adds the round and the person as foreign keys, names them in
    ``round_field`` and ``person_field``, and makes the pair unique."""

    round_field: ClassVar[str] = "round"
    person_field: ClassVar[str] = "person"

    answered_on = models.DateField(gettext_lazy("day"), default=today, editable=False)

    class Meta:
        abstract = True


class Answer(models.Model):
    """What was answered, with no way back to who answered it.

    A random primary key (rows in its order say nothing about the order of answering), no date or
    time at all (the participation and the audit event say when a person answered; a date here
    would pair an answer with the only person who answered on that day), no link to the person. The concrete model adds the round as a foreign key named in
    ``round_field`` and its payload fields (``payload_fields``, what the admin shows); where a
    result is shown per part of a round (per leader), ``group_field`` names that part."""

    round_field: ClassVar[str] = "round"
    group_field: ClassVar[str | None] = None
    payload_fields: ClassVar[tuple[str, ...]] = ()

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
        ordering = ["id"]


def minimum_answers() -> int:
    """The fewest answers behind any figure shown (``settings.UNIONHOME_MIN_ANSWERS``)."""
    return int(getattr(settings, "UNIONHOME_MIN_ANSWERS", DEFAULT_MIN_ANSWERS))


def results_visible(round: AnswerRound, count: int, minimum: int | None = None) -> bool:
    """Whether a figure resting on ``count`` answers of ``round`` may be computed and shown: only
    once the round is closed, and only from ``minimum`` answers up (the setting by default)."""
    return not round.accepts_answers and count >= (minimum_answers() if minimum is None else minimum)


@transaction.atomic
def answer_once(
    *,
    round: AnswerRound,
    person: models.Model,
    write_answer: Callable[[Any], Any],
    participation: type[Participation],
    actor,
    action: str,
    branch_path: str | None = None,
    closed_message: str | None = None,
    already_message: str | None = None,
    participation_fields: dict | None = None,
):
    """Record that ``person`` took part in ``round`` and write their answer, once.

    In one transaction: lock the round row; refuse (``AnswersClosed``) unless it takes answers;
    refuse (``AlreadyAnswered``) if the person has taken part (checked under the lock, and by the
    participation's unique constraint); write the participation (with ``participation_fields``,
    for a vote by name); call ``write_answer(locked_round)``,
    which writes the answer rows and returns what the caller wants back; write one audit event that
    records the participation only (the round and the actor, never the answer or its key).
    """
    from . import audit

    locked = type(round).objects.select_for_update().get(pk=round.pk)
    if not locked.accepts_answers:
        raise AnswersClosed(closed_message or _("This round does not take answers now."))
    key = {participation.round_field: locked, participation.person_field: person}
    already = already_message or _("You have already answered.")
    if participation.objects.filter(**key).exists():
        raise AlreadyAnswered(already)
    try:
        with transaction.atomic():
            participation.objects.create(**key, **(participation_fields or {}))
    except IntegrityError as exc:
        raise AlreadyAnswered(already) from exc
    result = write_answer(locked)
    audit.record(
        actor=actor, action=action, obj=locked, after={"participated": True}, branch_path=branch_path
    )
    return result


def visible_answers(queryset: QuerySet) -> QuerySet:
    """The answers of ``queryset`` whose results may be shown: of closed rounds, and only where
    their round (or their part of it, ``group_field``) holds at least the minimum of answers."""
    model = queryset.model
    round_model = model._meta.get_field(model.round_field).related_model
    group = model.group_field or model.round_field
    enough = (
        model._default_manager.order_by()
        .values(group)
        .annotate(n=Count("pk"))
        .filter(n__gte=minimum_answers())
        .values(group)
    )
    return queryset.filter(
        **{f"{group}__in": enough, f"{model.round_field}__{round_model.answers_open_field}": False}
    )


class AnswerAdminMixin:
    """Admin of an answer model: read-only, the round and the payload only (no person, no day, no
    key), in the random key's order, and only the answers whose results are visible."""

    ordering = ["id"]

    def get_queryset(self, request):
        return visible_answers(super().get_queryset(request)).order_by("id")

    def get_list_display(self, request):
        return [self.model.round_field, *self.model.payload_fields]

    def get_fields(self, request, obj=None):
        return [self.model.round_field, *self.model.payload_fields]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
