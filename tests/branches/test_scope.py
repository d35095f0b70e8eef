import datetime as dt

from branches.models import Appointment, Branch, Worker
from tests.factories import AppointmentFactory, UserFactory
from unionhome import scope


def test_each_role_sees_its_subtree(world):
    def visible(user):
        return set(scope.limit(Worker.objects.all(), user).values_list("name", flat=True))

    assert visible(world.users["officer"]) == {"张三", "李四"}
    assert visible(world.users["branch"]) == {"张三"}
    assert visible(world.users["officer_b"]) == {"王五"}
    assert visible(world.users["district"]) == {"张三", "李四", "王五"}
    assert visible(world.users["admin"]) == {"张三", "李四", "王五"}


def test_no_appointment_sees_nothing(world):
    assert scope.branches_for(world.users["worker"]) == []
    assert not scope.limit(Branch.objects.all(), world.users["worker"], "path").exists()
    assert not scope.limit(Worker.objects.all(), UserFactory()).exists()


def test_ended_or_future_appointments_give_no_access(world):
    past = AppointmentFactory(branch=world.ent_a, end=dt.date(2024, 12, 31)).user
    future = AppointmentFactory(branch=world.ent_a, start=dt.date.today() + dt.timedelta(days=1)).user
    assert scope.branches_for(past) == []
    assert scope.branches_for(future) == []


def test_full_ids_only_when_granted(world):
    officer = world.users["officer"]
    assert not scope.may_see_full_ids(officer, world.branch_a1.path)
    Appointment.objects.filter(user=officer).update(full_id_access=True)
    scope.forget(officer)
    assert scope.may_see_full_ids(officer, world.branch_a1.path)
    assert not scope.may_see_full_ids(officer, world.branch_b1.path)
    assert not scope.may_see_full_ids(world.users["district"], world.branch_a1.path)


def test_enterprise_of_a_group(world):
    assert scope.enterprise_of(world.group_a1) == world.ent_a
    assert scope.enterprise_of(world.district) is None
