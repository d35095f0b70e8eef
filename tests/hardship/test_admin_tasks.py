import ast
import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

import hardship.services
from hardship import tasks
from hardship.models import Application, Notification
from tests.hardship.factories import application_in


@pytest.mark.parametrize(
    "model", list(apps.get_app_config("hardship").get_models()), ids=lambda m: m.__name__
)
def test_every_hardship_model_is_in_the_admin_and_its_list_opens(world, campaign, client_for, model):
    assert model in admin.site._registry
    application_in(campaign, world.worker_a1, "submitted")
    url = reverse(f"admin:hardship_{model._meta.model_name}_changelist")
    assert client_for(world.user("admin")).get(url).status_code == 200


def test_the_transition_log_is_read_only_in_the_admin(world):
    from hardship.models import Transition

    model_admin = admin.site._registry[Transition]
    request = type("R", (), {"user": world.user("admin")})()
    assert not model_admin.has_change_permission(request) and not model_admin.has_delete_permission(request)


def test_the_daily_task_ends_notices_whose_period_is_over(world, campaign):
    application = application_in(campaign, world.worker_a1, "on_notice")
    Application.objects.filter(pk=application.pk).update(
        notice_start=timezone.localdate() - dt.timedelta(days=6),
        notice_end=timezone.localdate() - dt.timedelta(days=2),
    )
    assert tasks.end_due_notices.delay().get() == 1
    assert tasks.end_due_notices.delay().get() == 0  # idempotent
    assert Application.objects.get(pk=application.pk).state == "notice_ended"


def test_the_email_task_sends_a_notification_once_it_has_an_address(world):
    user = world.user("worker")
    note = Notification.objects.create(user=user, message="您的申请已退回：请补交户口本复印件")
    assert tasks.send_notification_email.delay(note.pk).get() is False
    user.email = "zhangsan@example.com"
    user.save()
    assert tasks.send_notification_email.delay(note.pk).get() is True
    assert mail.outbox[-1].body == note.message and mail.outbox[-1].subject == "职工之家：困难帮扶"


def test_the_hardship_facts_and_beat_schedules_are_registered():
    assert "hardship.selectors.assessment_facts" in settings.UNIONHOME_FACT_PROVIDERS
    import_string("hardship.selectors.assessment_facts")
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"hardship.tasks.end_due_notices", "hardship.tasks.send_review_reminders"} <= tasks_scheduled
    assert "hardship.demo.seed" in settings.UNIONHOME_DEMO_SEEDERS


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function, relative imports resolved."""
    package = "hardship.services"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = (
                ".".join(package.split(".")[: len(package.split(".")) - node.level + 1]) if node.level else ""
            )
            module = ".".join(part for part in (base, node.module or "") if part)
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return found


def test_the_services_never_import_the_tasks_that_wrap_them():
    """Tasks import services; services queue their e-mail through ``hardship.notify``."""
    modules = sorted(Path(hardship.services.__file__).parent.glob("*.py"))
    assert len(modules) > 1
    for path in modules:
        assert "hardship.tasks" not in _imported_modules(path), path.name
