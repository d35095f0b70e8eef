"""Each named permission of hardship relief, role by role (docs/PERMISSIONS.md, "Hardship")."""

import pytest

from branches.models import Appointment, Worker
from tests.hardship.factories import application_in, campaign_for, open_file_for
from tests.hardship.permissions import NAMED, _on_notice_of_a2, _received
from tests.hardship.permissions import TABLE as URLS
from unionhome import permissions

ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")


def _app(w, paper=False):
    return application_in(campaign_for(w.district), w.worker_a1, "submitted", paper=paper)


# name, the object it is asked about, the roles allowed (the others are refused)
TABLE = [
    ("hardship.edit_application", _app, {"worker"}),
    ("hardship.edit_application", lambda w: _app(w, paper=True), {"worker", "branch", "officer", "admin"}),
    ("hardship.withdraw_submitted", _app, {"worker"}),
    ("hardship.review_application", _app, {"officer", "admin"}),
    ("hardship.decide_reported", _app, {"district", "admin"}),
    ("hardship.enter_on_paper", _app, set()),
    ("hardship.enter_on_paper", lambda w: _app(w, paper=True), {"branch", "officer", "admin"}),
    ("hardship.start_paper_application", lambda w: None, {"branch", "officer", "officer_b", "admin"}),
    ("hardship.start_paper_application", lambda w: w.worker_a1, {"branch", "officer", "admin"}),
    ("hardship.start_paper_application", lambda w: w.worker_b1, {"officer_b", "admin"}),
    ("hardship.see_full_ids", _app, {"admin"}),
    ("hardship.create_campaign", lambda w: None, {"district", "admin"}),
    ("hardship.create_campaign", lambda w: w.district, {"district", "admin"}),
    ("hardship.create_campaign", lambda w: w.ent_a, set()),  # campaigns belong to a district
    ("hardship.manage_campaign", lambda w: campaign_for(w.district), {"district", "admin"}),
    ("hardship.report_enterprise", lambda w: w.ent_a, {"officer", "admin"}),
    ("hardship.read_report", lambda w: w.ent_a, {"officer", "district", "admin"}),
    ("hardship.read_notices", lambda w: None, {"worker"}),
    ("hardship.object_to_notice", _app, set()),  # the applicant's own entry
    ("hardship.object_to_notice", _on_notice_of_a2, {"worker"}),
    ("hardship.handle_worker_objections", lambda w: None, {"officer", "officer_b", "admin"}),
    ("hardship.handle_worker_objections", _received, {"officer", "admin"}),
    ("hardship.open_file", lambda w: None, {"officer", "officer_b", "admin"}),
    ("hardship.open_file", lambda w: w.worker_a1, {"officer", "admin"}),
    ("hardship.open_file", lambda w: w.worker_b1, {"officer_b", "admin"}),
    ("hardship.manage_file", lambda w: open_file_for(w.worker_a1), {"officer", "admin"}),
    ("hardship.close_file", lambda w: open_file_for(w.worker_a1), {"district", "admin"}),
    ("hardship.see_access_log", lambda w: None, {"officer", "officer_b", "district", "admin"}),
]


@pytest.mark.parametrize(
    ("name", "obj", "allowed"), TABLE, ids=[f"{n}-{i}" for i, (n, _o, _a) in enumerate(TABLE)]
)
def test_each_permission_allows_exactly_its_roles(world, name, obj, allowed):
    target = obj(world)
    granted = {role for role in ROLES if permissions.allowed(world.user(role), name, target)}
    assert granted == allowed


def test_every_hardship_permission_is_in_the_table():
    names = {name for name in permissions.registered() if name.startswith("hardship.")}
    assert names == {name for name, _obj, _allowed in TABLE}


def test_full_ids_are_shown_to_an_officer_granted_them(world):
    Appointment.objects.filter(user=world.user("officer")).update(full_id_access=True)
    application = _app(world)
    officer = type(world.user("officer")).objects.get(pk=world.user("officer").pk)
    assert permissions.allowed(officer, "hardship.see_full_ids", application)


def test_a_worker_who_has_left_reads_no_notices(world):
    Worker.objects.filter(pk=world.worker_a1.pk).update(status=Worker.Status.LEFT)
    user = type(world.user("worker")).objects.get(pk=world.user("worker").pk)
    assert not permissions.allowed(user, "hardship.read_notices")


@pytest.mark.parametrize("url_name", sorted(NAMED))
def test_the_url_table_and_the_named_permissions_agree(world, url_name):
    name, obj = NAMED[url_name]
    entry = URLS[url_name]
    target = obj(world)
    admitted = ("worker",) if url_name.startswith("hardship_portal:") else ROLES[1:]  # the page's door
    for role in admitted:
        expected = entry.expect[role]
        if expected == 404:
            continue  # outside the reader's scope: the selectors answer before any permission
        assert permissions.allowed(world.user(role), name, target) is (expected != 403), (role, expected)
