"""Personal data never reaches the audit trail, and nobody reads events of records they may not open.

The privacy classes are declared once per field in each app's ``privacy.py`` (``unionhome.privacy``);
``audit.snapshot``/``record``/``record_many`` keep of a sensitive field only that it changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import translation

from branches import services as branch_services
from branches.models import Worker
from hardship import services as hardship_services
from hardship.models import Application, HardshipFile, HouseholdMember
from unionhome import audit, permissions, privacy, records
from unionhome.masking import mask_id_number
from unionhome.models import AuditEvent, User

PROJECT_APPS = ("unionhome", "branches", "democracy", "hardship", "ledgers", "assessment")
ROLES = ("admin", "district", "officer", "officer_b", "branch")

# Words of a field's name or English verbose name that suggest personal or sensitive data.
SUSPECT_WORDS = {
    "phone", "mobile", "email", "e-mail", "address", "household", "income", "salary", "ill", "illness",
    "disabled", "disability", "diagnosis", "health", "medical", "marital", "reason", "description",
    "situation", "causes", "petitioner", "parties", "file", "attachment", "upload", "bank", "account",
    "password", "secret", "verdict", "grade", "choice", "satisfaction", "comment", "note", "notes",
    "members", "content", "amount", "aid", "capita", "message", "name",
}  # fmt: skip
SUSPECT_PHRASES = ("id_number", "id number", "original_name", "per_capita")


def looks_personal(name: str, verbose_name: str) -> bool:
    text = f"{name} {verbose_name}".lower()
    words = set(re.split(r"[^a-z-]+", text.replace("_", " ")))
    return bool(words & SUSPECT_WORDS) or any(p in text for p in SUSPECT_PHRASES)


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS]


def test_every_model_of_every_app_is_declared():
    declared = privacy.declarations()
    missing = [m._meta.label for m in _project_models() if m._meta.label_lower not in declared]
    assert not missing, f"models without a privacy declaration (app privacy.py): {missing}"
    unknown = [label for label in declared if not _exists(label)]
    assert not unknown, f"privacy declarations of models that do not exist: {unknown}"


def _exists(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def test_every_field_that_looks_personal_is_declared_sensitive_or_public():
    undeclared = []
    with translation.override("en"):
        for model in _project_models():
            declaration = privacy.declaration_of(model) or privacy.Declaration(model._meta.label_lower)
            for f in model._meta.concrete_fields:
                if f.is_relation:
                    continue
                declared = f.name in declaration.sensitive or f.name in declaration.public
                if looks_personal(f.name, str(f.verbose_name)) and not declared:
                    undeclared.append(f"{model._meta.label}.{f.name}")
    assert not undeclared, f"declare these sensitive or public in the app's privacy.py: {undeclared}"


def test_the_structural_check_catches_an_undeclared_field():
    """The check above would fail: an ID number, a phone and an income field all match."""
    for name in (
        "id_number",
        "phone",
        "monthly_income",
        "ill",
        "disabled",
        "diagnosis",
        "home_address",
        "reason",
    ):
        assert looks_personal(name, ""), name
    assert not looks_personal("membership_status", "membership status")


def test_snapshot_hides_the_value_and_record_keeps_only_that_it_changed(world):
    worker = world.worker_a1
    before = audit.snapshot(worker, ("name", "id_number", "phone"))
    assert "id_number" in repr(before) and worker.id_number not in repr(before)
    old_number = worker.id_number
    worker.phone = "13912345678"
    after = audit.snapshot(worker, ("name", "id_number", "phone"))
    assert audit.changed(before, after)
    event = audit.record(
        actor=world.users["officer"], action="worker.update", obj=worker, before=before, after=after
    )
    event.refresh_from_db()
    stored = json.dumps([event.before, event.after], ensure_ascii=False)
    for value in (old_number, "13912345678"):
        assert value not in stored
    assert event.after["phone"] == {
        "redacted": "contact",
        "changed": True,
        "filled": True,
        "masked": "139****5678",
    }
    assert event.after["id_number"]["changed"] is False
    assert event.after["id_number"]["masked"] == mask_id_number(old_number)
    assert event.after["name"] == worker.name  # not personal data: kept as it is


def test_hand_built_and_nested_snapshots_are_redacted(world):
    """Household members inside an application's snapshot, and keys no field declares."""
    member = {"relation": "spouse", "name": "赵六", "id_number": "11010519491231002X", "monthly_income": "3217.45",
              "unmarried": False, "in_school": False, "disabled": True, "ill": True}  # fmt: skip
    before, after = privacy.redact(
        Application,
        {"state": "draft", "members": [member], "description": "腿部粉碎性骨折，长期住院"},
        {"state": "draft", "members": [{**member, "monthly_income": "0.00"}], "description": "同上"},
    )
    text = json.dumps([before, after], ensure_ascii=False)
    for secret in ("赵六", "11010519491231002X", "3217.45", "粉碎性骨折"):
        assert secret not in text
    assert after["members"][0]["relation"] == "spouse"
    assert after["members"][0]["monthly_income"]["changed"] is True
    assert after["members"][0]["ill"] == {"redacted": "health", "changed": False, "filled": True}
    # a key that is no field of the record but names personal data elsewhere; an ID number in free text
    _b, loose = privacy.redact(None, None, {"id_number": "11010519491231002X", "note": "电话13800138000"})
    assert "11010519491231002X" not in json.dumps(loose) and "13800138000" not in json.dumps(loose)


def _sensitive_values() -> dict[str, set[str]]:
    """The real personal values in the database, as they would be printed."""
    values: dict[str, set[str]] = {"id": set(), "phone": set(), "income": set(), "text": set()}
    for number, phone in Worker.objects.values_list("id_number", "phone"):
        values["id"].add(number)
        if phone:
            values["phone"].add(phone)
    for number, income in HouseholdMember.objects.values_list("id_number", "monthly_income"):
        if number:
            values["id"].add(number)
        if income:
            values["income"].add(f"{income:.2f}")
    for text in Application.objects.values_list("description", flat=True):
        if text and len(text) >= 6:
            values["text"].add(text)
    for situation, reason in HardshipFile.objects.values_list("situation", "closed_reason"):
        values["text"] |= {t for t in (situation, reason) if t and len(t) >= 6}
    return values


def _leaks(text: str, values: dict[str, set[str]]) -> list[str]:
    found = [v for kind in ("id", "phone", "text") for v in values[kind] if v in text]
    # incomes: as a value of their own (a quoted or cell-delimited number), not a part of another
    found += [v for v in values["income"] if re.search(rf"(?<![\d.]){re.escape(v)}(?![\d])", text)]
    return found


def _exercise_services(users) -> None:
    """Writes of every kind that touch personal data, by the demo's officers."""
    officer = users["officer"]
    worker = Worker.objects.filter(branch__path__startswith=users_enterprise(officer)).first()
    branch_services.worker_update(
        actor=officer, worker=worker, phone="13698765432", household_place="山西省大同市"
    )
    application = (
        Application.objects.filter(
            state__in=("draft", "returned"), enterprise__path=users_enterprise(officer)
        ).first()
        or Application.objects.filter(state__in=("draft", "returned")).first()
    )
    assert application is not None, "the demo has a draft or a returned application"
    editor = (
        User.objects.get(worker=application.worker)
        if User.objects.filter(worker=application.worker).exists()
        else None
    )
    actor = editor or officer
    if editor is None:  # an officer enters it on paper
        Application.objects.filter(pk=application.pk).update(entered_on_paper=True)
    members = [
        {"relation": "self", "name": application.worker.name, "id_number": application.worker.id_number,
         "monthly_income": Decimal("1234.56"), "unmarried": False, "in_school": False, "disabled": False, "ill": True},
        {"relation": "child", "name": "测试子女", "id_number": "", "monthly_income": Decimal("0"),
         "unmarried": True, "in_school": True, "disabled": True, "ill": False},
    ]  # fmt: skip
    hardship_services.application_save(
        actor=actor,
        application=application,
        data={"description": "患尿毒症，每周透析三次，无法工作", "government_aid": Decimal("765.43")},
        members=members,
        consent=True,
    )


def users_enterprise(user) -> str:
    from unionhome import scope

    return scope.branches_for(user)[0]


@pytest.fixture
def exercised(demo_data):
    users = {u.username: u for u in User.objects.filter(username__in=[*ROLES, "worker"])}
    _exercise_services(users)
    return users


@pytest.mark.django_db
def test_no_personal_value_in_any_stored_event_or_audit_page_for_any_role(exercised):
    values = _sensitive_values()
    assert values["id"] and values["income"] and values["text"], "the demo holds personal data to look for"
    assert "1234.56" in values["income"] and any("尿毒症" in t for t in values["text"])
    stored = json.dumps(
        list(AuditEvent.objects.values_list("before", "after", "object_repr")), ensure_ascii=False
    )
    assert not _leaks(stored, values), "a personal value is stored in the audit trail"
    for role in ROLES:
        client = Client()
        client.force_login(exercised[role])
        listing = client.get(reverse("branches:audit_trail"))
        assert listing.status_code == 200
        cursors, page = [], listing.context["page"]
        while page.has_next:  # every page of the trail, by its next links
            cursors.append(page.next_cursor)
            page = client.get(reverse("branches:audit_trail"), {"cursor": page.next_cursor}).context["page"]
        kinds = [k for k, _label in listing.context["kinds"]]
        requests = [{"cursor": c} for c in cursors] + [{"kind": k} for k in kinds]
        for params in requests:
            html = client.get(reverse("branches:audit_trail"), params).content.decode()
            leaked = _leaks(html, values)
            assert not leaked, f"{role} reads {leaked[:3]} on the audit trail ({params})"


@pytest.mark.django_db
def test_each_role_reads_only_events_of_records_it_may_open(exercised):
    events = list(AuditEvent.objects.all())
    app_events = [e for e in events if e.object_type == "hardship.application"]
    assert app_events
    for role in ROLES:
        user = exercised[role]
        readable = set(records.audit_events(user).values_list("pk", flat=True))
        for event in events:
            assert (event.pk in readable) == permissions.allowed(user, "unionhome.read_audit_trail", event), (
                role,
                event.action,
            )
    district = exercised["district"]
    assert not any(permissions.allowed(district, "unionhome.read_audit_trail", e) for e in app_events)
    officer_b = exercised["officer_b"]
    officer = exercised["officer"]
    ent_a = users_enterprise(officer)
    assert not any(
        permissions.allowed(officer_b, "unionhome.read_audit_trail", e)
        for e in events
        if e.branch_path.startswith(ent_a)
    )
    assert any(permissions.allowed(officer, "unionhome.read_audit_trail", e) for e in app_events)
    # secret answers and roster jobs: administrators only
    assert privacy.readers_of("democracy.ballot") == () and privacy.readers_of("branches.rosterjob") == ()


@pytest.mark.django_db
def test_branch_officer_page_shows_the_change_but_not_the_number(world, client_for):
    """Before privacy classes, a branch officer read the full ID number and phone here."""
    worker = world.worker_a1
    old = worker.id_number
    branch_services.worker_update(actor=world.users["officer"], worker=worker, phone="13911112222")
    page = client_for(world.users["branch"]).get(reverse("branches:audit_trail")).content.decode()
    assert "13911112222" not in page and old not in page
    assert "已修改" in page and worker.name in page


def test_every_action_code_in_the_code_is_labelled():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    codes = set()
    for package in PROJECT_APPS:
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if name in ("record", "record_many", "changing", "created", "delete"):
                    for kw in node.keywords:
                        if kw.arg != "action":
                            continue
                        choices = (
                            (kw.value.body, kw.value.orelse)
                            if isinstance(kw.value, ast.IfExp)
                            else (kw.value,)
                        )
                        codes |= {c.value for c in choices if isinstance(c, ast.Constant)}
    assert len(codes) > 50
    unlabelled = sorted(c for c in codes if not records.is_labelled(c))
    assert not unlabelled, f"label these actions in the app's privacy.py: {unlabelled}"


@pytest.mark.django_db
def test_every_action_the_demo_writes_is_labelled(demo_data):
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert not sorted(c for c in codes if not records.is_labelled(c))


@pytest.mark.django_db
def test_purge_date_values_are_plain(world):
    """Dates and counts in a hand-built snapshot stay readable (only personal data is hidden)."""
    event = audit.record(
        actor=None,
        action="hardship.purge",
        obj=world.district,
        after={"closed_on": dt.date(2020, 1, 1).isoformat(), "members": 3},
    )
    assert event.after == {"closed_on": "2020-01-01", "members": 3}
