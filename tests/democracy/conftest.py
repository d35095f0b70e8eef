"""Democracy fixtures built on the shared world: a congress term of enterprise A."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from democracy.models import Representative, Session, Term
from tests.factories import WorkerFactory


def make_term(world, *, extra: int = 5) -> Term:
    """Term 1 of enterprise A: 张三 (the `worker` user) and `extra` more representatives."""
    term, _ = Term.objects.get_or_create(
        enterprise=world.ent_a, number=1, defaults={"elected_on": dt.date(2024, 1, 10)}
    )
    if not term.representatives.exists():
        Representative.objects.create(
            term=term, worker=world.worker_a1, constituency=world.branch_a1, group="一组"
        )
        Representative.objects.create(
            term=term, worker=world.worker_a2, constituency=world.branch_a2, group="二组"
        )
        for i in range(extra - 1):
            w = WorkerFactory(branch=world.branch_a1 if i % 2 else world.branch_a2, name=f"代表{i}")
            Representative.objects.create(term=term, worker=w, constituency=w.branch, group="一组")
    return term


def make_session(world, *, status=Session.Status.PLANNED, portal_voting=False) -> Session:
    term = make_term(world)
    session, _ = Session.objects.get_or_create(
        term=term,
        number=1,
        defaults={
            "held_on": timezone.localdate(),
            "place": "职工之家会议室",
            "status": status,
            "portal_voting": portal_voting,
        },
    )
    return session


@pytest.fixture
def term(world):
    return make_term(world)


@pytest.fixture
def session(world):
    return make_session(world)
