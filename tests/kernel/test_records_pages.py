"""The audit trail (操作记录) and the access log (查阅记录) pages: scoped, filtered, readable in Chinese."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches import services
from branches.models import Committee, CommitteeSeat, Term
from unionhome import audit, records
from unionhome.models import AccessLog, AuditEvent


def _page(client, name, **params) -> str:
    """The table of entries of a records page (the filter form lists the codes as option values)."""
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<table") : html.rindex("</table>")] + html[html.rindex("</table>") :]


# --- access log ---------------------------------------------------------------------------------------------


def test_access_log_shows_own_enterprise_to_the_officer_and_everything_to_the_district(world, client_for):
    audit.access(user=world.users["officer"], kind="view", obj=world.worker_a1, detail="查看甲")
    audit.access(user=world.users["officer_b"], kind="export", obj=world.worker_b1, detail="导出乙")
    officer_page = _page(client_for(world.users["officer"]), "branches:access_log")
    assert "查看甲" in officer_page and "导出乙" not in officer_page
    district = client_for(world.users["district"])
    page = _page(district, "branches:access_log")
    assert "查看甲" in page and "导出乙" in page
    only_exports = _page(district, "branches:access_log", kind="export")
    assert "导出乙" in only_exports and "查看甲" not in only_exports


def test_branch_officers_and_workers_have_no_access_log(world, client_for):
    for role in ("branch", "worker"):
        assert client_for(world.users[role]).get(reverse("branches:access_log")).status_code == 403


def _district_log(world, client_for) -> str:
    return _page(client_for(world.users["district"]), "branches:access_log")


def test_roster_export_is_in_the_federations_access_log_with_the_unit(world, client_for):
    response = client_for(world.users["officer"]).get(reverse("branches:roster_export"))
    assert response.status_code == 200
    entry = AccessLog.objects.get(object_type="branches.worker", kind="export")
    assert entry.branch_path == world.ent_a.path and entry.detail_args["rows"] == 2
    page = _district_log(world, client_for)
    assert "花名册 2 行" in page and "rows" not in page


def test_roster_export_of_one_unit_logs_that_unit(world, client_for):
    client_for(world.users["officer"]).get(reverse("branches:roster_export"), {"branch": world.branch_a2.pk})
    entry = AccessLog.objects.get(object_type="branches.worker", kind="export")
    assert entry.branch_path == world.branch_a2.path and entry.detail_args["rows"] == 1


def test_roster_export_service_without_a_unit_logs_the_scope_root(world):
    services.roster_export(
        actor=world.users["branch"], workers=services_workers(world), target=io.BytesIO(), masked=True
    )
    assert AccessLog.objects.get().branch_path == world.branch_a1.path


def services_workers(world):
    from branches.selectors import workers

    return workers(world.users["branch"])


def test_committee_export_is_in_the_federations_access_log(world, client_for):
    committee = Committee.objects.create(branch=world.ent_a, kind="women", established_on=dt.date(2020, 1, 1))
    term = Term.objects.create(
        committee=committee,
        number=1,
        elected_on=dt.date(2020, 1, 1),
        start=dt.date(2020, 1, 1),
        end=dt.date(2030, 1, 1),
    )
    CommitteeSeat.objects.create(
        term=term, worker=world.worker_a1, position="member", start=dt.date(2020, 1, 1)
    )
    response = client_for(world.users["officer"]).get(reverse("branches:committee_export"))
    assert response.status_code == 200
    entry = AccessLog.objects.get(object_type="branches.committeeseat")
    assert entry.branch_path == world.ent_a.path
    assert "委员会名册" in _district_log(world, client_for)


@pytest.mark.django_db
def test_proposal_export_is_in_the_federations_access_log(world, client_for):
    response = client_for(world.users["officer"]).get(reverse("democracy:proposals_export"))
    assert response.status_code == 200
    entry = AccessLog.objects.get(object_type="democracy.proposal")
    assert entry.branch_path == world.ent_a.path
    assert "提案清单 0 条" in _district_log(world, client_for)


def test_every_access_log_write_in_the_code_has_a_detail_label():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    keys = set()
    for package in ("unionhome", "branches", "democracy", "hardship", "assessment"):
        for path in (root / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "access":
                    keys |= {
                        kw.value.value
                        for kw in node.keywords
                        if kw.arg == "detail" and isinstance(kw.value, ast.Constant) and kw.value.value
                    }
    assert len(keys) > 10
    assert not sorted(keys - set(records.detail_keys()))


def test_access_detail_reads_in_chinese_with_its_values(world):
    entry = audit.access(
        user=world.users["officer"], kind="export", object_type="branches.worker", detail="roster", rows=7
    )
    assert records.present_access([entry])[0].detail == "花名册 7 行"
    assert entry.branch_path == world.ent_a.path  # no record: the root of the user's scope


# --- audit trail ----------------------------------------------------------------------------------------------


def test_audit_trail_is_scoped_and_constant_in_queries(world, client_for):
    services.worker_update(actor=world.users["officer"], worker=world.worker_a1, card_number="CARD-A1")
    services.worker_update(actor=world.users["officer_b"], worker=world.worker_b1, card_number="CARD-B1")
    c = client_for(world.users["branch"])
    page = _page(c, "branches:audit_trail")
    assert "CARD-A1" in page and "CARD-B1" not in page

    def count():
        with CaptureQueriesContext(connection) as ctx:
            c.get(reverse("branches:audit_trail"))
        return len(ctx.captured_queries)

    small = count()
    for i in range(30):
        services.worker_update(actor=world.users["officer"], worker=world.worker_a1, card_number=f"CARD-{i}")
    assert count() == small


def test_audit_trail_reads_in_chinese(world, client_for):
    world.users["officer"].first_name = "王干部"
    world.users["officer"].save()
    services.worker_update(
        actor=world.users["officer"], worker=world.worker_a1, is_member=False, employment_type="dispatched",
        phone="13955556666",
    )  # fmt: skip
    page = _page(client_for(world.users["branch"]), "branches:audit_trail")
    assert "修改职工信息" in page  # the action's label, never its code
    assert "worker.update" not in page
    assert "王干部" in page and "甲企业工会" in page  # who, and their unit
    assert (
        '<th class="fw-normal">会员</th>' in page and '<td class="text-break">否</td>' in page
    )  # field verbose name; booleans as 是/否
    assert "派遣" in page and "dispatched" not in page  # the choice label, not "dispatched"
    assert "已修改" in page and "13955556666" not in page
    for python in ("{'", "None", "True", "False"):
        assert python not in page


def test_unknown_action_reads_as_a_generic_label(world, client_for):
    audit.record(actor=world.users["officer"], action="something.new", obj=world.worker_a1, after={"x": 1})
    page = _page(client_for(world.users["officer"]), "branches:audit_trail")
    assert "something.new" not in page and "其他变更" in page


def test_name_stays_when_the_account_is_gone(world, client_for):
    from tests.factories import AppointmentFactory

    temp = AppointmentFactory(branch=world.ent_a, role="union_officer", user__username="temp").user
    temp.first_name = "临时干部"
    temp.save()
    services.worker_update(actor=temp, worker=world.worker_a1, card_number="GONE-1")
    temp.delete()
    page = _page(client_for(world.users["officer"]), "branches:audit_trail")
    assert "临时干部" in page


def test_filters_by_unit_person_kind_action_and_dates(world, client_for):
    officer, officer_b = world.users["officer"], world.users["officer_b"]
    services.worker_update(actor=officer, worker=world.worker_a2, card_number="CARD-A2")
    services.worker_update(actor=officer, worker=world.worker_a1, card_number="CARD-A1")
    old = services.worker_update(actor=officer, worker=world.worker_a1, card_number="CARD-OLD")
    AuditEvent.objects.filter(after__card_number="CARD-OLD").update(at=timezone.now() - dt.timedelta(days=40))
    assert old is not None
    services.branch_rename(actor=officer, branch=world.branch_a2, name="甲二新分会")
    c = client_for(world.users["district"])
    by_unit = _page(c, "branches:audit_trail", unit="A2")
    assert "CARD-A2" in by_unit and "CARD-A1" not in by_unit
    by_name = _page(c, "branches:audit_trail", unit="甲一")
    assert "CARD-A1" in by_name and "CARD-A2" not in by_name
    services.worker_update(actor=officer_b, worker=world.worker_b1, card_number="CARD-B1")
    by_person = _page(c, "branches:audit_trail", person="officer_b")
    assert "CARD-B1" in by_person and "CARD-A1" not in by_person
    by_kind = _page(c, "branches:audit_trail", kind="branches.branch")
    assert "甲二新分会" in by_kind and "CARD-A1" not in by_kind
    by_action = _page(c, "branches:audit_trail", action="worker.update")
    assert "CARD-A1" in by_action and "甲二新分会" not in by_action
    today = timezone.localdate()
    recent = _page(c, "branches:audit_trail", start=(today - dt.timedelta(days=7)).isoformat())
    assert "CARD-A1" in recent and "CARD-OLD" not in recent
    older = _page(c, "branches:audit_trail", end=(today - dt.timedelta(days=30)).isoformat())
    assert "CARD-OLD" in older and "CARD-A2" not in older
    assert "CARD-A1" in _page(c, "branches:audit_trail", start="not-a-date")


def test_pages_keep_the_filters(world, client_for):
    for i in range(60):
        services.worker_update(actor=world.users["officer"], worker=world.worker_a1, card_number=f"P-{i}")
    client = client_for(world.users["officer"])
    page = _page(client, "branches:audit_trail", action="worker.update")
    found = re.search(r'rel="next" href="\?(action=worker\.update&amp;cursor=[^"]+)"', page)
    assert found, "the next page's link keeps the filter"
    second = client.get(reverse("branches:audit_trail") + "?" + found.group(1).replace("&amp;", "&"))
    text = second.content.decode()
    assert second.status_code == 200 and "P-0" in text and "甲二新分会" not in text
    assert "第 51–" in text


def test_units_outside_scope_are_not_found_by_the_filter(world, client_for):
    services.worker_update(actor=world.users["officer_b"], worker=world.worker_b1, card_number="CARD-B1")
    page = _page(client_for(world.users["officer"]), "branches:audit_trail", unit="B1")
    assert "CARD-B1" not in page
