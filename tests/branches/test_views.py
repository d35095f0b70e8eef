import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import services
from branches.models import Branch, Worker
from tests.factories import WorkerFactory, id_number
from unionhome.exceptions import PermissionRefused
from unionhome.models import AuditEvent


def test_officer_b_asking_for_a_coal_mine_worker_gets_404(world, client_for):
    response = client_for(world.users["officer_b"]).get(
        reverse("branches:worker_detail", args=[world.worker_a1.pk])
    )
    assert response.status_code == 404


def test_branch_officer_asking_for_a_sibling_branch_worker_gets_404(world, client_for):
    response = client_for(world.users["branch"]).get(
        reverse("branches:worker_detail", args=[world.worker_a2.pk])
    )
    assert response.status_code == 404


def test_roster_masks_id_numbers_unless_granted(world, client_for):
    page = client_for(world.users["officer"]).get(reverse("branches:roster")).content.decode()
    assert world.worker_a1.masked_id_number in page
    assert world.worker_a1.id_number not in page
    world.users["officer"].appointments.update(full_id_access=True)
    page = client_for(world.users["officer"]).get(reverse("branches:roster")).content.decode()
    assert world.worker_a1.id_number in page


def test_roster_filters_and_search(world, client_for):
    WorkerFactory(branch=world.branch_a1, name="非会员甲", is_member=False, member_since=None)
    c = client_for(world.users["officer"])
    names = lambda r: [w.name for w in r.context["page"].object_list]  # noqa: E731
    assert names(c.get(reverse("branches:roster"), {"is_member": "false"})) == ["非会员甲"]
    assert set(names(c.get(reverse("branches:roster"), {"branch": world.branch_a2.pk}))) == {"李四"}
    assert names(c.get(reverse("branches:roster"), {"q": "张"})) == ["张三"]
    assert names(c.get(reverse("branches:roster"), {"q": world.worker_a2.id_number})) == ["李四"]
    # a unit outside the officer's scope is not a valid choice
    response = c.get(reverse("branches:roster"), {"branch": world.branch_b1.pk})
    assert response.context["filter"].form.errors


def _roster_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("branches:roster")).status_code == 200
    return len(ctx.captured_queries)


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("branches:dashboard")).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_and_roster_use_as_many_queries_for_3000_workers_as_for_10(world, client_for):
    client = client_for(world.users["district"])
    WorkerFactory.create_batch(7, branch=world.group_a1)
    small = (_dashboard_queries(client), _roster_queries(client))
    Worker.objects.bulk_create(
        [
            Worker(
                name=f"批量{i}",
                gender="M",
                id_number=id_number(i % 500, "M", dt.date(1980, 1, 1) + dt.timedelta(days=i // 500)),
                branch=[world.branch_a1, world.branch_a2, world.branch_b1, world.group_a1][i % 4],
                is_member=i % 3 > 0,
                member_since=dt.date(2020, 1, 1) if i % 3 else None,
            )
            for i in range(2990)
        ]
    )
    assert Worker.objects.count() == 3000
    large = (_dashboard_queries(client), _roster_queries(client))
    assert small == large


def test_dashboard_shows_rates_and_highlights_units_below_target(world, client_for):
    WorkerFactory.create_batch(3, branch=world.branch_b1, is_member=False, member_since=None)
    response = client_for(world.users["district"]).get(reverse("branches:dashboard"))
    rows = {r.branch.code: r for r in response.context["rows"]}
    assert rows["B"].total.workers == 4 and rows["B"].total.members == 1
    assert rows["B"].enrolment_ok is False
    assert rows["D"].total.workers == 6
    assert rows["B"].below_threshold and rows["A"].enrolment_ok  # A: cards below target, not enrolment
    page = response.content.decode()
    assert 'id="unit-B" class="table-warning' in page  # the row below the targets is highlighted
    assert "rates-data" in page


def test_adding_a_worker_writes_the_roster_and_the_audit_trail(world, client_for):
    data = {
        "name": "新职工", "gender": "F", "id_number": id_number(7, "F", dt.date(1995, 5, 5)), "phone": "13912345678",
        "employment_type": "dispatched", "branch": world.branch_a1.pk, "hire_date": "2025-01-02",
        "is_member": "on", "member_since": "2025-02-01", "card_number": "C-1", "card_issued": "on",
    }  # fmt: skip
    response = client_for(world.users["branch"]).post(reverse("branches:worker_create"), data)
    worker = Worker.objects.get(name="新职工")
    assert response.status_code == 302
    assert worker.branch == world.branch_a1 and worker.card_issued
    event = AuditEvent.objects.get(action="worker.create")
    assert event.actor == world.users["branch"] and worker.id_number not in str(event.after)
    assert event.after["id_number"]["masked"] == worker.masked_id_number  # the trail keeps the masked form


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": "110105199505050001"}, "id_number", "校验码"),
        ({"id_number": "11010519951332000X"}, "id_number", "出生日期"),
        ({"gender": "M"}, "gender", "性别与身份证号不符"),
        ({"is_member": "on", "member_since": ""}, "member_since", "入会日期"),
        ({"card_issued": "on", "card_number": ""}, "card_number", "会员证号"),
        ({"name": "   "}, "name", "必填"),
        ({"phone": "abc"}, "phone", "手机号"),
    ],
)
def test_bad_worker_input_gets_a_chinese_message_and_changes_nothing(
    world, client_for, change, field, message
):
    data = {
        "name": "新职工", "gender": "F", "id_number": id_number(7, "F", dt.date(1995, 5, 5)),
        "employment_type": "regular", "branch": world.branch_a1.pk, **change,
    }  # fmt: skip
    before = (Worker.objects.count(), AuditEvent.objects.count())
    response = client_for(world.users["branch"]).post(reverse("branches:worker_create"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert (Worker.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_id_number_is_refused(world, client_for):
    data = {
        "name": "重复",
        "gender": "M",
        "id_number": world.worker_b1.id_number,
        "employment_type": "regular",
        "branch": world.branch_a1.pk,
    }
    response = client_for(world.users["officer"]).post(reverse("branches:worker_create"), data)
    assert "已在花名册" in " ".join(response.context["form"].errors["id_number"])
    assert Worker.objects.filter(id_number=world.worker_b1.id_number).get().branch == world.branch_b1


def test_a_forged_branch_outside_scope_is_refused(world, client_for):
    data = {
        "name": "伪造",
        "gender": "M",
        "id_number": id_number(9),
        "employment_type": "regular",
        "branch": world.branch_b1.pk,
    }
    response = client_for(world.users["officer"]).post(reverse("branches:worker_create"), data)
    assert response.status_code == 200 and "branch" in response.context["form"].errors
    assert not Worker.objects.filter(name="伪造").exists()


def test_masked_officer_edits_without_seeing_the_id_number(world, client_for):
    c = client_for(world.users["officer"])
    page = c.get(reverse("branches:worker_edit", args=[world.worker_a1.pk])).content.decode()
    assert world.worker_a1.id_number not in page
    data = {
        "name": "张三丰",
        "gender": "M",
        "employment_type": "regular",
        "branch": world.branch_a1.pk,
        "is_member": "on",
        "member_since": "2015-06-01",
        "version": Worker.objects.get(pk=world.worker_a1.pk).version,
    }
    assert c.post(reverse("branches:worker_edit", args=[world.worker_a1.pk]), data).status_code == 302
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.name == "张三丰"
    event = AuditEvent.objects.get(action="worker.update")
    assert event.before["name"] == "张三" and event.after["name"] == "张三丰"


def test_leaving_keeps_the_record(world, client_for):
    c = client_for(world.users["branch"])
    response = c.post(
        reverse("branches:worker_leave", args=[world.worker_a1.pk]),
        {"status": "left", "left_on": "2026-01-31"},
    )
    assert response.status_code == 302
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == "left" and world.worker_a1.left_on == dt.date(2026, 1, 31)
    # twice: refused with a message, nothing changes
    response = c.post(
        reverse("branches:worker_leave", args=[world.worker_a1.pk]),
        {"status": "retired", "left_on": "2026-02-01"},
        follow=True,
    )
    assert "不再在职" in response.content.decode()
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.status == "left"


def test_district_reviewer_cannot_edit_the_roster(world):
    with pytest.raises(PermissionRefused):
        services.worker_update(actor=world.users["district"], worker=world.worker_a1, name="改名")
    world.worker_a1.refresh_from_db()
    assert world.worker_a1.name == "张三"


def test_branch_officer_creates_a_group_and_cannot_create_an_enterprise(world, client_for):
    c = client_for(world.users["branch"])
    response = c.post(
        reverse("branches:branch_create", args=[world.branch_a1.pk]),
        {"code": "A1G2", "name": "新小组", "kind": "group"},
    )
    assert response.status_code == 302
    assert Branch.objects.get(code="A1G2").get_parent() == world.branch_a1
    with pytest.raises(PermissionRefused):
        services.branch_create(
            actor=world.users["branch"], parent=world.ent_a, code="X", name="X", kind="branch"
        )
    assert not Branch.objects.filter(code="X").exists()


def test_duplicate_code_and_wrong_kind_are_refused(world, client_for):
    c = client_for(world.users["officer"])
    response = c.post(
        reverse("branches:branch_create", args=[world.ent_a.pk]),
        {"code": "A1", "name": "重复", "kind": "branch"},
    )
    assert "已被" in " ".join(response.context["form"].errors["code"])
    response = c.post(
        reverse("branches:branch_create", args=[world.group_a1.pk]),
        {"code": "G9", "name": "x", "kind": "group"},
    )
    assert response.status_code == 403
    assert not Branch.objects.filter(code__in=["G9"]).exists()


def test_move_and_close(world, client_for):
    c = client_for(world.users["officer"])
    assert (
        c.post(
            reverse("branches:branch_move", args=[world.group_a1.pk]), {"new_parent": world.branch_a2.pk}
        ).status_code
        == 302
    )
    assert Branch.objects.get(pk=world.group_a1.pk).get_parent() == world.branch_a2
    # a unit with active workers cannot be closed
    response = c.post(
        reverse("branches:branch_close", args=[world.branch_a1.pk]), {"closed_on": "2026-06-30"}, follow=True
    )
    assert "在职职工" in response.content.decode()
    assert Branch.objects.get(pk=world.branch_a1.pk).is_active
    assert (
        c.post(
            reverse("branches:branch_close", args=[world.group_a1.pk]), {"closed_on": "2026-06-30"}
        ).status_code
        == 302
    )
    assert not Branch.objects.get(pk=world.group_a1.pk).is_active


def test_moving_under_a_foreign_enterprise_is_not_offered(world, client_for):
    c = client_for(world.users["officer"])
    response = c.post(
        reverse("branches:branch_move", args=[world.group_a1.pk]), {"new_parent": world.branch_b1.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert Branch.objects.get(pk=world.group_a1.pk).get_parent() == world.branch_a1


def test_portal_shows_own_masked_id_and_membership(world, client_for):
    page = client_for(world.users["worker"]).get(reverse("portal:profile")).content.decode()
    assert world.worker_a1.masked_id_number in page
    assert world.worker_a1.id_number not in page
    assert "入会" in page


def test_audit_records_cannot_be_changed_or_deleted(world):
    services.worker_update(actor=world.users["officer"], worker=world.worker_a1, phone="13900000000")
    event = AuditEvent.objects.get()
    event.action = "forged"
    with pytest.raises(Exception, match="不能"):
        event.save()
    with pytest.raises(Exception, match="不能"):
        event.delete()
    assert AuditEvent.objects.get().action == "worker.update"
