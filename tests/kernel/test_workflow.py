"""The workflow engine (unionhome.workflow), on a throwaway model with a table of its own.

``Ticket`` and its transition record live under the app label "kernel_tests", which is not an
installed app: the models are known to the registry (their foreign keys to the real branches and
users resolve) but belong to no app config, so no migration, admin check or flush sees them. Their
tables are created once per test database with the schema editor and dropped at the end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy, pgettext_lazy

from branches.models import Appointment, Branch, Worker
from unionhome import permissions, workflow
from unionhome.exceptions import Conflict, DomainError, PermissionRefused
from unionhome.management.commands.workflow_diagrams import Command as DiagramsCommand
from unionhome.models import AuditEvent
from unionhome.workflow import SYSTEM, Step, TransitionRecord, Workflow, diagrams

Role = Appointment.Role


class Ticket(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SUBMITTED = "submitted", gettext_lazy("Submitted")
        RETURNED = "returned", pgettext_lazy("assessment state", "Returned")
        APPROVED = "approved", gettext_lazy("Approved")
        CLOSED = "closed", gettext_lazy("Closed")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")

    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=40, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "kernel_tests"
        constraints = [
            models.UniqueConstraint(
                fields=["worker"], condition=Q(state="approved"), name="kernel_tests_one_approved_per_worker"
            )
        ]

    def __str__(self):
        return self.title or f"ticket {self.pk}"


class TicketTransition(TransitionRecord):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        app_label = "kernel_tests"


class TicketError(DomainError):
    code = "ticket"


after_log: list[tuple[str, int | None, str]] = []  # (action, transition record id, state saved in the row)
committed_log: list[tuple[str, str]] = []  # (action, state) seen by on-commit hooks


def _needs_title(move):
    if not move.obj.title:
        raise TicketError("A ticket needs a title.", code="title")


def _stamp_submitted(move):
    move.obj.submitted_at = move.at


def _seen_after(move):
    saved = Ticket.objects.values_list("state", flat=True).get(pk=move.obj.pk)
    after_log.append((move.action, move.record.pk if move.record else None, saved))


def _on_commit(move):
    committed_log.append((move.action, move.obj.state))


TICKET = Workflow(
    name="kernel_tests.ticket",
    label=gettext_lazy("Hardship application"),
    model=Ticket,
    record_model=TicketTransition,
    initial="draft",
    steps={
        ("draft", "submit"): Step(to="submitted", permission="kernel_tests.submit"),
        ("draft", "withdraw"): Step(to="withdrawn", permission="kernel_tests.submit"),
        ("submitted", "approve"): Step(to="approved", permission="kernel_tests.decide"),
        ("submitted", "return"): Step(to="returned", permission="kernel_tests.decide"),
        ("returned", "submit"): Step(to="submitted", permission="kernel_tests.submit"),
        ("approved", "close"): Step(to="closed", permission="kernel_tests.decide", system=True),
    },
    actions={
        "submit": gettext_lazy("submit"),
        "withdraw": gettext_lazy("withdraw"),
        "approve": gettext_lazy("approve"),
        "return": gettext_lazy("return for more materials"),
        "close": "close",
    },
    reason_required=frozenset({"return"}),
    guards={"submit": (_needs_title,)},
    effects={"submit": (_stamp_submitted,)},
    after={workflow.ANY: (_seen_after,)},
    on_commit={"approve": (_on_commit,), "close": (_on_commit,)},
    audit_fields=("state", "submitted_at"),
    save_refusal=lambda ticket: TicketError("This worker already has an approved ticket.", code="one"),
)


# Module scope: the throwaway tables hold a foreign key to the user table, so while they exist
# PostgreSQL refuses to TRUNCATE it and every later transactional test's flush would fail.
@pytest.fixture(scope="module")
def ticket_tables(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(Ticket)
            editor.create_model(TicketTransition)
        yield
        with connection.schema_editor() as editor:
            editor.delete_model(TicketTransition)
            editor.delete_model(Ticket)


@pytest.fixture(scope="module", autouse=True)
def ticket_permissions():
    permissions.perm(
        "kernel_tests.submit",
        permissions.own("worker_id") | permissions.covers("branch.path", *Role.values),
    )
    permissions.perm("kernel_tests.decide", permissions.covers("branch.path", Role.UNION_OFFICER))
    yield
    permissions.unregister("kernel_tests.submit")
    permissions.unregister("kernel_tests.decide")


@pytest.fixture(autouse=True)
def _hook_logs():
    after_log.clear()
    committed_log.clear()


@pytest.fixture
def ticket(world, ticket_tables):
    return Ticket.objects.create(branch=world.branch_a1, worker=world.worker_a1, title="申请补助")


def at_state(ticket, state):
    Ticket.objects.filter(pk=ticket.pk).update(state=state)
    ticket.refresh_from_db()
    return ticket


def written(ticket) -> tuple[int, int]:
    """(transition records, audit events) about this ticket."""
    return (
        TicketTransition.objects.filter(ticket=ticket).count(),
        AuditEvent.objects.filter(object_type="kernel_tests.ticket", object_id=str(ticket.pk)).count(),
    )


# --- a step that is allowed ---------------------------------------------------------------------


def test_an_allowed_action_moves_the_state_and_writes_one_transition_and_one_audit_event(world, ticket):
    officer = world.users["officer"]
    at_state(ticket, "submitted")
    moved_at = timezone.now() - dt.timedelta(minutes=5)

    result = workflow.apply(
        TICKET, actor=officer, obj=ticket, action="approve", reason="  材料齐全 ", at=moved_at
    )

    assert result.state == "approved"
    assert Ticket.objects.get(pk=ticket.pk).state == "approved"
    record = TicketTransition.objects.get(ticket=ticket)
    assert (record.from_state, record.to_state, record.action) == ("submitted", "approved", "approve")
    assert (record.actor, record.actor_name, record.reason, record.at) == (
        officer,
        "officer",
        "材料齐全",
        moved_at,
    )
    event = AuditEvent.objects.get(object_type="kernel_tests.ticket", object_id=str(ticket.pk))
    assert event.action == "kernel_tests.ticket.approve"
    assert event.actor == officer
    assert event.branch_path == world.branch_a1.path
    assert event.before == {"state": "submitted", "submitted_at": None}
    assert event.after == {"state": "approved", "submitted_at": None, "reason": "材料齐全"}


def test_effects_set_the_steps_fields_and_after_hooks_see_the_saved_row_and_record(world, ticket):
    result = workflow.apply(TICKET, actor=world.users["worker"], obj=ticket, action="submit")

    assert result.submitted_at is not None
    assert Ticket.objects.get(pk=ticket.pk).submitted_at == result.submitted_at
    record = TicketTransition.objects.get(ticket=ticket)
    assert after_log == [("submit", record.pk, "submitted")]


def test_the_audit_event_goes_where_the_workflow_says(world, ticket):
    elsewhere = dataclasses.replace(TICKET, audit_path=lambda t: world.ent_a.path, audit_action="ticket")

    workflow.apply(elsewhere, actor=world.users["worker"], obj=ticket, action="submit")

    event = AuditEvent.objects.get(object_type="kernel_tests.ticket", object_id=str(ticket.pk))
    assert (event.action, event.branch_path) == ("ticket.submit", world.ent_a.path)


# --- refusals write nothing ---------------------------------------------------------------------


def test_an_action_the_table_does_not_know_is_refused_and_nothing_is_written(world, ticket):
    with translation.override("zh-hans"), pytest.raises(workflow.UnknownAction) as refused:
        workflow.apply(TICKET, actor=world.users["admin"], obj=ticket, action="delete")

    assert refused.value.code == "unknown_action"
    assert refused.value.message == "“delete”不是困难职工帮扶申请流程中的步骤；未做任何更改。"
    assert Ticket.objects.get(pk=ticket.pk).state == "draft"
    assert written(ticket) == (0, 0)
    assert after_log == []


def test_an_action_not_possible_in_the_current_state_is_refused_with_the_state_named(world, ticket):
    with translation.override("zh-hans"), pytest.raises(workflow.StateConflict) as refused:
        workflow.apply(TICKET, actor=world.users["admin"], obj=ticket, action="approve")

    assert refused.value.code == "state"
    assert isinstance(refused.value, Conflict)
    assert (
        refused.value.message == "该ticket当前为“草稿”，无法“审核通过”（可能有人刚刚已处理）；未做任何更改。"
    )
    with translation.override("en"), pytest.raises(workflow.StateConflict) as refused:
        workflow.apply(TICKET, actor=world.users["admin"], obj=ticket, action="approve")
    assert refused.value.message == (
        "This ticket is now “Draft”: “approve” is not possible (someone may have just done it); "
        "nothing was changed."
    )
    assert Ticket.objects.get(pk=ticket.pk).state == "draft"
    assert written(ticket) == (0, 0)


@pytest.mark.parametrize("who", ["worker", "branch", "officer_b", "district"])
def test_an_actor_without_the_steps_permission_is_refused_and_nothing_is_written(world, ticket, who):
    at_state(ticket, "submitted")

    with translation.override("zh-hans"), pytest.raises(PermissionRefused) as refused:
        workflow.apply(TICKET, actor=world.users[who], obj=ticket, action="approve")

    assert refused.value.message == "您没有执行此操作的权限。"
    assert Ticket.objects.get(pk=ticket.pk).state == "submitted"
    assert written(ticket) == (0, 0)


def test_an_inactive_officer_is_refused(world, ticket):
    officer = world.users["officer"]
    officer.is_active = False
    officer.save()
    at_state(ticket, "submitted")

    with pytest.raises(PermissionRefused):
        workflow.apply(TICKET, actor=officer, obj=ticket, action="approve")

    assert written(ticket) == (0, 0)


def test_no_actor_at_all_is_refused(ticket):
    with pytest.raises(PermissionRefused):
        workflow.apply(TICKET, actor=None, obj=ticket, action="submit")
    assert written(ticket) == (0, 0)


def test_a_required_reason_that_is_missing_refuses_the_step(world, ticket):
    at_state(ticket, "submitted")

    with translation.override("zh-hans"), pytest.raises(workflow.ReasonRequired) as refused:
        workflow.apply(TICKET, actor=world.users["officer"], obj=ticket, action="return", reason=" \u3000 ")

    assert refused.value.code == "reason"
    assert refused.value.message == "请填写“退回补充材料”的理由；未做任何更改。"
    assert Ticket.objects.get(pk=ticket.pk).state == "submitted"
    assert written(ticket) == (0, 0)


def test_a_guard_refusal_writes_nothing(world, ticket):
    Ticket.objects.filter(pk=ticket.pk).update(title="")

    with pytest.raises(TicketError) as refused:
        workflow.apply(TICKET, actor=world.users["worker"], obj=ticket, action="submit")

    assert refused.value.code == "title"
    fresh = Ticket.objects.get(pk=ticket.pk)
    assert (fresh.state, fresh.submitted_at) == ("draft", None)
    assert written(ticket) == (0, 0)


def test_an_integrity_error_on_save_becomes_the_workflows_refusal_and_writes_nothing(world, ticket):
    Ticket.objects.create(branch=world.branch_a1, worker=world.worker_a1, title="另一份", state="approved")
    at_state(ticket, "submitted")

    with pytest.raises(TicketError) as refused:
        workflow.apply(TICKET, actor=world.users["officer"], obj=ticket, action="approve")

    assert refused.value.code == "one"
    assert Ticket.objects.get(pk=ticket.pk).state == "submitted"
    assert written(ticket) == (0, 0)


# --- two clicks, stale pages --------------------------------------------------------------------


def test_applying_the_same_step_twice_gives_one_transition_and_a_clear_refusal(world, ticket):
    officer = world.users["officer"]
    page = at_state(ticket, "submitted")  # both clicks come from the same page: the same stale instance

    workflow.apply(TICKET, actor=officer, obj=page, action="approve")
    with translation.override("zh-hans"), pytest.raises(workflow.StateConflict) as refused:
        workflow.apply(TICKET, actor=officer, obj=page, action="approve")

    assert "已批准" in refused.value.message
    assert written(ticket) == (1, 1)


def test_a_step_on_a_state_the_actor_no_longer_sees_is_refused_as_stale(world, ticket):
    workflow.apply(TICKET, actor=world.users["worker"], obj=ticket, action="submit")

    with translation.override("zh-hans"), pytest.raises(workflow.StateConflict) as refused:
        workflow.apply(
            TICKET, actor=world.users["worker"], obj=ticket, action="withdraw", expected_state="draft"
        )

    assert refused.value.code == "stale"
    assert refused.value.message == "其他人已处理该ticket（当前为“已提交”）；未做任何更改。"
    assert Ticket.objects.get(pk=ticket.pk).state == "submitted"
    assert written(ticket) == (1, 1)


# --- the system actor ---------------------------------------------------------------------------


def test_the_system_takes_only_the_steps_marked_for_it(world, ticket):
    at_state(ticket, "submitted")
    with pytest.raises(PermissionRefused):
        workflow.apply(TICKET, actor=SYSTEM, obj=ticket, action="approve")

    at_state(ticket, "approved")
    result = workflow.apply(TICKET, actor=SYSTEM, obj=ticket, action="close")

    assert result.state == "closed"
    record = TicketTransition.objects.get(ticket=ticket)
    assert (record.actor, record.actor_name) == (None, "")
    with translation.override("zh-hans"):
        assert record.actor_display == "系统"
    event = AuditEvent.objects.get(object_type="kernel_tests.ticket", object_id=str(ticket.pk))
    assert (event.actor, event.action) == (None, "kernel_tests.ticket.close")


# --- on-commit hooks ----------------------------------------------------------------------------


def test_on_commit_hooks_run_only_once_the_transaction_commits(
    world, ticket, django_capture_on_commit_callbacks
):
    at_state(ticket, "submitted")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.apply(TICKET, actor=world.users["officer"], obj=ticket, action="approve")
    assert len(callbacks) == 1
    assert committed_log == []

    callbacks[0]()
    assert committed_log == [("approve", "approved")]


def test_a_refused_step_registers_no_on_commit_hook(world, ticket, django_capture_on_commit_callbacks):
    at_state(ticket, "submitted")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(PermissionRefused):
        workflow.apply(TICKET, actor=world.users["officer_b"], obj=ticket, action="approve")

    assert callbacks == []
    assert committed_log == []


# --- what the user may do now -------------------------------------------------------------------


def test_available_actions_follow_the_state_and_the_permissions(world, ticket):
    def codes(user, state):
        return [a.code for a in workflow.available_actions(TICKET, at_state(ticket, state), user)]

    assert codes(world.users["worker"], "draft") == ["submit", "withdraw"]
    assert codes(world.users["branch"], "draft") == ["submit", "withdraw"]
    assert codes(world.users["officer_b"], "draft") == []
    assert codes(world.users["worker"], "submitted") == []
    assert codes(world.users["officer"], "submitted") == ["approve", "return"]
    assert codes(None, "submitted") == []
    assert codes(SYSTEM, "submitted") == []
    assert codes(SYSTEM, "approved") == ["close"]
    assert codes(world.users["officer"], "closed") == []


def test_available_actions_carry_their_labels_and_whether_a_reason_is_needed(world, ticket):
    at_state(ticket, "submitted")

    with translation.override("zh-hans"):
        actions = workflow.available_actions(TICKET, ticket, world.users["officer"])

    assert [(a.label, a.to, a.to_label, a.reason_required) for a in actions] == [
        ("审核通过", "approved", "已批准", False),
        ("退回补充材料", "returned", "已退回", True),
    ]


# --- history ------------------------------------------------------------------------------------


def test_record_start_opens_the_history_of_a_new_object(world, ticket):
    record = workflow.record_start(TICKET, actor=world.users["worker"], obj=ticket, action="create")

    assert (record.from_state, record.to_state, record.action, record.actor) == (
        "",
        "draft",
        "create",
        world.users["worker"],
    )
    assert AuditEvent.objects.filter(object_type="kernel_tests.ticket").count() == 0


def test_history_rows_carry_the_labels_of_their_states_and_action(world, ticket):
    workflow.record_start(TICKET, actor=world.users["worker"], obj=ticket, action="create")
    workflow.apply(TICKET, actor=world.users["worker"], obj=ticket, action="submit")

    with translation.override("zh-hans"):
        rows = workflow.labelled(TICKET, ticket.transitions.all())

    assert [(r.from_label, r.action_label, r.to_label) for r in rows] == [
        ("", "create", "草稿"),
        ("草稿", "提交", "已提交"),
    ]


def test_transition_records_cannot_be_changed(world, ticket):
    workflow.apply(TICKET, actor=world.users["worker"], obj=ticket, action="submit")
    record = TicketTransition.objects.get(ticket=ticket)
    record.reason = "改写"

    with pytest.raises(ValidationError):
        record.save()
    assert TicketTransition.objects.get(pk=record.pk).reason == ""


# --- declarations -------------------------------------------------------------------------------


def test_a_declaration_with_unlabelled_states_actions_or_unknown_hooks_is_refused():
    broken = Workflow(
        name="kernel_tests.broken",
        label="broken",
        model=Ticket,
        record_model=TicketTransition,
        steps={
            ("draft", "archive"): Step(to="archived"),
            ("draft", "submit"): Step(to="submitted", permission="kernel_tests.submit"),
        },
        actions={"submit": "submit"},
        guards={"approve": ()},
    )

    with pytest.raises(ImproperlyConfigured) as refused:
        workflow.register(broken)

    message = str(refused.value)
    for expected in (
        "state 'archived' has no label",
        "action 'archive' has no label",
        "step (draft, archive) names no permission",
        "guards for unknown action 'approve'",
    ):
        assert expected in message
    assert "kernel_tests.broken" not in diagrams._registry


def test_a_permission_name_nobody_registered_is_a_problem_of_the_declaration():
    typo = dataclasses.replace(
        TICKET,
        steps={**TICKET.steps, ("draft", "submit"): Step(to="submitted", permission="kernel_tests.sumbit")},
    )

    assert typo.problems() == ["kernel_tests.ticket: permission 'kernel_tests.sumbit' is not registered"]
    assert TICKET.problems() == []


def test_a_second_workflow_under_a_registered_name_is_refused(monkeypatch):
    monkeypatch.setattr(diagrams, "_registry", {})
    workflow.register(TICKET)
    workflow.register(TICKET)  # the same declaration again (a module imported twice) is harmless

    with pytest.raises(ImproperlyConfigured):
        workflow.register(dataclasses.replace(TICKET))


# --- diagrams -----------------------------------------------------------------------------------

EXPECTED_MERMAID = """stateDiagram-v2
    state "草稿 (draft)" as draft
    state "已提交 (submitted)" as submitted
    state "已退回 (returned)" as returned
    state "已批准 (approved)" as approved
    state "已结束 (closed)" as closed
    state "已撤回 (withdrawn)" as withdrawn
    [*] --> draft
    draft --> submitted: 提交 (submit)
    draft --> withdrawn: 撤回 (withdraw)
    submitted --> approved: 审核通过 (approve)
    submitted --> returned: 退回补充材料 (return)
    returned --> submitted: 提交 (submit)
    approved --> closed: close
    closed --> [*]
    withdrawn --> [*]
"""


def test_the_mermaid_diagram_draws_every_step_with_chinese_labels_and_codes():
    with translation.override("zh-hans"):
        assert workflow.to_mermaid(TICKET) == EXPECTED_MERMAID


def test_mermaid_ids_avoid_reserved_words_labels_cannot_break_the_syntax_and_several_starts_are_drawn():
    odd = Workflow(
        name="kernel_tests.odd",
        label="odd",
        model=Ticket,
        record_model=None,
        states={"draft": 'say "hi": now', "end": "End"},
        initial=("draft", "end"),
        steps={("draft", "finish"): Step(to="end", system=True)},
        actions={"finish": "finish"},
    )

    assert workflow.to_mermaid(odd) == (
        "stateDiagram-v2\n"
        '    state "say #quot;hi#quot;#58; now (draft)" as draft\n'
        '    state "End (end)" as s1\n'
        "    [*] --> draft\n"
        "    [*] --> s1\n"
        "    draft --> s1: finish\n"
        "    s1 --> [*]\n"
    )


def test_the_document_holds_a_diagram_and_a_step_table_per_workflow():
    document = workflow.render_document([TICKET])

    assert document.startswith(workflow.DOCUMENT_HEADER)
    assert "\n## 困难职工帮扶申请 (`kernel_tests.ticket`)\n" in document
    assert "```mermaid\n" + EXPECTED_MERMAID + "```" in document
    assert (
        "| 已提交 `submitted` | 审核通过 `approve` | 已批准 `approved` | `kernel_tests.decide` |" in document
    )
    assert (
        "| 已批准 `approved` | close `close` | 已结束 `closed` | `kernel_tests.decide`, system |" in document
    )


@pytest.fixture
def only_the_ticket_workflow(monkeypatch):
    monkeypatch.setattr(diagrams, "_registry", {TICKET.name: TICKET})
    monkeypatch.setattr(diagrams, "_discovered", True)


def test_the_command_writes_the_diagrams_and_check_passes_on_the_written_file(
    only_the_ticket_workflow, tmp_path
):
    target = tmp_path / "docs" / "workflows.md"

    call_command(DiagramsCommand(), "--output", str(target))
    call_command(DiagramsCommand(), "--check", "--output", str(target))

    assert target.read_text(encoding="utf-8") == workflow.render_document([TICKET])
    assert workflow.diagram_difference(target) == ""


def test_check_fails_on_a_stale_or_missing_file(only_the_ticket_workflow, tmp_path):
    target = tmp_path / "workflows.md"
    target.write_text(
        workflow.render_document([TICKET]).replace("审核通过 (approve)", "批准 (approve)"), encoding="utf-8"
    )

    with pytest.raises(CommandError) as refused:
        call_command(DiagramsCommand(), "--check", "--output", str(target))
    assert refused.value.returncode == 1
    assert "+    submitted --> approved: 审核通过 (approve)" in workflow.diagram_difference(target)

    with pytest.raises(CommandError):
        call_command(DiagramsCommand(), "--check", "--output", str(tmp_path / "missing.md"))


def test_the_command_refuses_a_workflow_naming_an_unregistered_permission(monkeypatch, tmp_path):
    typo = dataclasses.replace(
        TICKET,
        steps={**TICKET.steps, ("draft", "submit"): Step(to="submitted", permission="kernel_tests.sumbit")},
    )
    monkeypatch.setattr(diagrams, "_registry", {typo.name: typo})
    monkeypatch.setattr(diagrams, "_discovered", True)

    with pytest.raises(CommandError, match="kernel_tests.sumbit"):
        call_command(DiagramsCommand(), "--output", str(tmp_path / "workflows.md"))
    assert not (tmp_path / "workflows.md").exists()


# --- PostgreSQL: two officers at the same instant -----------------------------------------------


# Every installed app, so that nothing is hidden; naming them makes the flush after the test
# cascade into the ticket tables, whose foreign keys would otherwise stop PostgreSQL truncating.
ALL_APPS = [config.name for config in django_apps.get_app_configs()]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, available_apps=ALL_APPS)
def test_two_officers_approving_at_the_same_instant_give_exactly_one_transition(ticket_tables):
    from tests.conftest import build_world
    from tests.factories import AppointmentFactory

    world = build_world()
    second = AppointmentFactory(branch=world.ent_a, role=Role.UNION_OFFICER, user__username="officer2").user
    ticket = Ticket.objects.create(
        branch=world.branch_a1, worker=world.worker_a1, title="t", state="submitted"
    )
    barrier = threading.Barrier(2, timeout=30)
    outcomes: list = [None, None]

    def approve(i, officer):
        try:
            barrier.wait()
            outcomes[i] = ("ok", workflow.apply(TICKET, actor=officer, obj=ticket, action="approve"))
        except Exception as exc:  # the outcome is what the test asserts
            outcomes[i] = ("error", exc)
        finally:
            connection.close()

    try:
        threads = [
            threading.Thread(target=approve, args=(i, u), daemon=True)
            for i, u in enumerate([world.users["officer"], second])
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not any(t.is_alive() for t in threads)
        kinds = sorted(kind for kind, _value in outcomes)
        assert kinds == ["error", "ok"]
        assert isinstance(next(v for k, v in outcomes if k == "error"), workflow.StateConflict)
        assert written(ticket) == (1, 1)
    finally:
        TicketTransition.objects.all().delete()
        Ticket.objects.all().delete()
