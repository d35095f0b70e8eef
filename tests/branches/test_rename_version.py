"""Two officers renaming the same unit at once: the later rename, from a stale form, is refused."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from branches.models import Branch
from unionhome.models import AuditEvent


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _shown_version(client, branch) -> str:
    page = client.get(reverse("branches:branch_rename", args=[branch.pk])).content.decode()
    found = re.search(r'name="version" value="(\d+)"', page)
    assert found, "the rename form carries the unit's version"
    return found.group(1)


def test_the_later_rename_from_a_stale_form_is_refused(world):
    officer = world.users["officer"]
    unit = world.group_a1
    first, second = _session(officer), _session(officer)
    shown_first, shown_second = _shown_version(first, unit), _shown_version(second, unit)
    url = reverse("branches:branch_rename", args=[unit.pk])

    assert first.post(url, {"version": shown_first, "name": "先改的小组"}).status_code == 302
    events = AuditEvent.objects.filter(action="branch.rename").count()

    refused = second.post(url, {"version": shown_second, "name": "后改的小组"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "已被他人修改" in page and "先改的小组" in page  # the name now stored is shown
    stored = Branch.objects.get(pk=unit.pk)
    assert stored.name == "先改的小组"
    assert stored.version == int(shown_first) + 1
    assert AuditEvent.objects.filter(action="branch.rename").count() == events

    again = _shown_version(second, unit)
    assert second.post(url, {"version": again, "name": "后改的小组"}).status_code == 302
    assert Branch.objects.get(pk=unit.pk).name == "后改的小组"
