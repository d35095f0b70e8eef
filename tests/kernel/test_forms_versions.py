"""Optimistic concurrency: the later of two saves from the same form is refused, never silent."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from branches import services
from branches.models import Worker
from unionhome.versioning import StaleEdit


def _form_data(page) -> dict:
    html = page.content.decode()
    data = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or name.group(1) == "csrfmiddlewaretoken":
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name.group(1)] = "on"
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.lstrip("\n")
    return data


@pytest.mark.django_db
def test_two_officers_editing_one_worker_the_second_save_is_refused(world):
    worker = world.worker_a1
    url = reverse("branches:worker_edit", args=[worker.pk])
    first, second = Client(), Client()
    first.force_login(world.users["officer"])
    second.force_login(world.users["officer"])
    form_one, form_two = _form_data(first.get(url)), _form_data(second.get(url))
    assert form_one["version"] == form_two["version"] == str(worker.version)

    response = first.post(url, {**form_one, "phone": "13900000001"})
    assert response.status_code == 302
    response = second.post(url, {**form_two, "card_number": "CARD-2"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "已被他人修改" in page
    assert "139****0001" in page  # the phone now stored, masked, with the field's label
    worker.refresh_from_db()
    assert worker.phone == "13900000001"  # the first save stays
    assert worker.card_number != "CARD-2"
    assert worker.version == int(form_one["version"]) + 1


@pytest.mark.django_db
def test_the_service_compares_the_version_under_the_row_lock(world):
    worker = world.worker_a1
    seen = worker.version
    services.worker_update(actor=world.users["officer"], worker=worker, name="新名字", version=seen)
    worker.refresh_from_db()
    assert worker.version == seen + 1
    with pytest.raises(StaleEdit) as refused:
        services.worker_update(actor=world.users["officer"], worker=worker, name="别的名字", version=seen)
    assert any(value == "新名字" for _label, value in refused.value.changes)
    assert Worker.objects.get(pk=worker.pk).name == "新名字"


@pytest.mark.django_db
def test_every_save_bumps_the_version_also_with_update_fields(world):
    worker = world.worker_a1
    start = worker.version
    worker.save(update_fields=["phone"])
    worker.refresh_from_db()
    assert worker.version == start + 1


@pytest.mark.django_db
@pytest.mark.parametrize("version", [None, "", "abc", "-1"])
def test_an_edit_sent_without_its_version_is_refused_and_nothing_is_saved(world, version):
    worker = world.worker_a1
    url = reverse("branches:worker_edit", args=[worker.pk])
    client = Client()
    client.force_login(world.users["officer"])
    form = _form_data(client.get(url))
    before = Worker.objects.filter(pk=worker.pk).values().get()
    form.pop("version")
    if version is not None:
        form["version"] = version
    response = client.post(url, {**form, "phone": "13900000009"})
    assert response.status_code == 200
    assert "此页面已过期或不完整" in response.content.decode()
    assert Worker.objects.filter(pk=worker.pk).values().get() == before
