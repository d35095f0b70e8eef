from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches import services
from unionhome import audit


def test_access_log_shows_own_enterprise_to_the_officer_and_everything_to_the_district(world, client_for):
    audit.access(user=world.users["officer"], kind="view", obj=world.worker_a1, detail="查看甲")
    audit.access(user=world.users["officer_b"], kind="export", obj=world.worker_b1, detail="导出乙")
    officer_page = client_for(world.users["officer"]).get(reverse("branches:access_log")).content.decode()
    assert "查看甲" in officer_page and "导出乙" not in officer_page
    district = client_for(world.users["district"])
    page = district.get(reverse("branches:access_log")).content.decode()
    assert "查看甲" in page and "导出乙" in page
    only_exports = district.get(reverse("branches:access_log"), {"kind": "export"}).content.decode()
    assert "导出乙" in only_exports and "查看甲" not in only_exports


def test_audit_trail_is_scoped_and_constant_in_queries(world, client_for):
    services.worker_update(actor=world.users["officer"], worker=world.worker_a1, phone="13900000001")
    services.worker_update(actor=world.users["officer_b"], worker=world.worker_b1, phone="13900000002")
    c = client_for(world.users["branch"])
    page = c.get(reverse("branches:audit_trail")).content.decode()
    assert "worker.update" in page and "13900000001" in page and "13900000002" not in page

    def count():
        with CaptureQueriesContext(connection) as ctx:
            c.get(reverse("branches:audit_trail"))
        return len(ctx.captured_queries)

    small = count()
    for i in range(30):
        services.worker_update(actor=world.users["officer"], worker=world.worker_a1, phone=f"1390000{i:04d}")
    assert count() == small
