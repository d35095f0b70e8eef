"""The assessment in the admin is read-only: every write goes through the services (and their audit).

For each model admin of the app, an administrator's add, change and delete through the admin are
refused (403) and change nothing: no row, no audit event.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from assessment import services
from assessment.models import (
    EvaluationAnswer,
    EvaluationRound,
    Evidence,
    Participation,
    Reminder,
    TitleAward,
    TitleTransition,
    Transition,
    VetoConfirmation,
    VetoContest,
)
from tests.assessment.conftest import accept_meeting, home_spec
from unionhome.models import AuditEvent

PDF = b"%PDF-1.4\n%%EOF\n"


def _objects(world, std_small, make_assessment) -> dict:
    """One row of every model the app registers in the admin."""
    district = world.users["district"]
    std_home = services.standard_save(actor=district, spec=home_spec())
    a = make_assessment(world.branch_a1, std_small, state="self_scored")
    home = make_assessment(world.ent_a, std_home, kind="annual", number=1, state="self_scored")
    rule = std_home.veto_rules.first()
    evidence = Evidence(assessment=a, item=a.scores.first().item, original_name="台账.pdf",
                        content_type="application/pdf", size=len(PDF), uploaded_by=world.users["branch"])  # fmt: skip
    evidence.file.save("e.pdf", ContentFile(PDF), save=False)
    evidence.save()
    round_ = EvaluationRound.objects.create(branch=world.ent_a, year=2026, name="评家")
    accepted = accept_meeting(make_assessment(world.branch_a2, std_small))
    title = TitleAward.objects.create(
        branch=world.branch_a2,
        title="model_small_home",
        level="enterprise",
        year=2026,
        awarded_on=dt.date(2026, 12, 1),
        decided_by="甲企业工会",
        assessment=accepted,
        recheck_due=dt.date(2027, 12, 31),
    )
    return {
        "standard": std_small,
        "standarditem": std_small.sections.first().items.first(),
        "assessment": a,
        "evidence": evidence,
        "transition": Transition.objects.create(
            assessment=a, action="submit", from_state="draft", to_state="self_scored"
        ),
        "vetoconfirmation": VetoConfirmation.objects.create(
            assessment=home, veto_rule=rule, vetoed=False, comment="现场查阅", recorded_by=district
        ),
        "vetocontest": VetoContest.objects.create(
            assessment=home, veto_rule=rule, reason="异议", contested_by=world.users["officer"]
        ),
        "titleaward": title,
        "titletransition": TitleTransition.objects.create(
            title_award=title, action="file", from_state="awarded", to_state="filed"
        ),
        "evaluationround": round_,
        "participation": Participation.objects.create(round=round_, worker=world.worker_a1),
        "evaluationanswer": EvaluationAnswer.objects.create(round=round_, verdict="satisfied"),
        "reminder": Reminder.objects.create(
            branch=world.branch_a1, kind="self_check_due", period_key="2026Q4"
        ),
    }


MODELS = sorted(m._meta.model_name for m in admin.site._registry if m._meta.app_label == "assessment")


def test_every_model_admin_of_the_app_is_covered():
    assert set(MODELS) == {
        "standard", "standarditem", "assessment", "evidence", "transition", "vetoconfirmation",
        "vetocontest", "titleaward", "titletransition", "evaluationround", "participation", "evaluationanswer", "reminder",
    }  # fmt: skip


@pytest.mark.parametrize("model", MODELS)
def test_a_change_through_the_admin_is_refused_and_writes_nothing(
    world, std_small, make_assessment, client_for, model
):
    obj = _objects(world, std_small, make_assessment)[model]
    model_class = type(obj)
    rows = model_class.objects.count()
    events = AuditEvent.objects.count()
    snapshot = {f.attname: getattr(obj, f.attname) for f in model_class._meta.concrete_fields}
    client = client_for(world.users["admin"])
    # shown read-only (or, for an anonymous answer, not shown one by one at all)
    assert client.get(reverse(f"admin:assessment_{model}_change", args=[obj.pk])).status_code in (200, 302)
    assert client.post(reverse(f"admin:assessment_{model}_add"), {}).status_code == 403
    assert client.post(reverse(f"admin:assessment_{model}_change", args=[obj.pk]), {}).status_code == 403
    assert (
        client.post(reverse(f"admin:assessment_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = reverse(f"admin:assessment_{model}_changelist")
    client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    obj.refresh_from_db()
    assert {f.attname: getattr(obj, f.attname) for f in model_class._meta.concrete_fields} == snapshot
    assert model_class.objects.count() == rows
    assert AuditEvent.objects.count() == events
