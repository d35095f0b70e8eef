"""factory-boy factories shared by every app's tests."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from branches import rules
from branches.models import Appointment, Branch, Worker
from unionhome.models import User


def id_number(n: int, gender: str = "M", born: dt.date = dt.date(1990, 1, 1)) -> str:
    """A valid GB 11643 number, unique per n (n < 500 per birth date and gender)."""
    seq = n % 500
    sex = (seq % 5) * 2 + (1 if gender == "M" else 0)
    first17 = f"110105{born:%Y%m%d}{seq // 5:02d}{sex}"
    return first17 + rules.id_check_character(first17)


def make_branch(parent: Branch | None, code: str, kind: str, name: str | None = None) -> Branch:
    node = Branch(code=code, name=name or code, kind=kind)
    return (
        Branch.objects.add_root(instance=node)
        if parent is None
        else Branch.objects.add_child(parent, instance=node)
    )


class WorkerFactory(DjangoModelFactory):
    class Meta:
        model = Worker

    name = factory.Sequence(lambda n: f"职工{n}")
    gender = "M"
    id_number = factory.LazyAttributeSequence(
        lambda o, n: id_number(n % 500, o.gender, dt.date(1970, 1, 1) + dt.timedelta(days=n // 500))
    )
    employment_type = Worker.EmploymentType.REGULAR
    hire_date = dt.date(2015, 3, 1)
    status = Worker.Status.ACTIVE
    is_member = True
    member_since = dt.date(2015, 6, 1)
    card_issued = False
    card_number = ""


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(lambda: make_password("unionhome-test-pw"))


class AppointmentFactory(DjangoModelFactory):
    class Meta:
        model = Appointment

    user = factory.SubFactory(UserFactory)
    role = Appointment.Role.UNION_OFFICER
    start = dt.date(2024, 1, 1)
