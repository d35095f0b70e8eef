"""Disclosure attachments against disguised files (see tests/disguised_files.py for the policy)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from democracy import services
from democracy.exceptions import DemocracyError
from democracy.models import Disclosure
from tests import disguised_files as d

KW = {
    "category": "wages",
    "title": "工资调整公示",
    "content": "2026年工资调整方案",
    "disclosed_on": dt.date(2026, 3, 1),
}


def _create(world, attachment):
    return services.disclosure_create(
        actor=world.users["officer"], audience=world.ent_a, attachment=attachment, **KW
    )


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (d.html_named_pdf, "attachment_type"),
        (lambda: d.oversized_png(services.ATTACHMENT_MAX_BYTES), "attachment_size"),
    ],
)
def test_an_html_page_named_pdf_and_an_oversized_image_are_refused_and_nothing_is_stored(world, make, code):
    with pytest.raises(DemocracyError) as refused:
        _create(world, make())
    assert refused.value.code == code
    assert not Disclosure.objects.exists()


def test_the_form_refuses_an_html_page_named_pdf_in_chinese(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(
        reverse("democracy:disclosure_create"),
        {**KW, "audience": world.ent_a.pk, "disclosed_on": "2026-03-01", "attachment": d.html_named_pdf()},
    )
    assert "只接受" in response.content.decode()
    assert not Disclosure.objects.exists()


def test_a_pdf_polyglot_is_only_ever_served_as_a_pdf_attachment(world, client_for):
    item = _create(world, d.polyglot())
    assert item.attachment.name.endswith(".pdf")
    office = client_for(world.users["officer"]).get(
        reverse("democracy:disclosure_attachment", args=[item.pk])
    )
    d.assert_served_as_pdf_attachment(office)
    services.disclosure_publish(actor=world.users["officer"], disclosure=item)
    portal = client_for(world.users["worker"]).get(
        reverse("democracy_portal:disclosure_attachment", args=[item.pk])
    )
    d.assert_served_as_pdf_attachment(portal)


def test_a_polyglot_named_html_is_stored_and_served_as_the_pdf_its_bytes_say(world, client_for):
    upload = d.polyglot()
    upload.name = "notice.html"
    item = _create(world, upload)
    assert item.attachment.name.endswith(".pdf") and "notice" not in item.attachment.name
    response = client_for(world.users["officer"]).get(
        reverse("democracy:disclosure_attachment", args=[item.pk])
    )
    d.assert_served_as_pdf_attachment(response)


def test_a_path_traversal_name_is_stored_under_our_own_name_inside_media_root(world, settings):
    item = _create(world, d.traversal_pdf())
    d.assert_stored_inside_media(item.attachment, settings.MEDIA_ROOT)
