"""Hardship documents against disguised files (see tests/disguised_files.py for the policy)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hardship import services
from hardship.exceptions import UploadRefused
from hardship.models import Upload
from tests import disguised_files as d
from tests.hardship.factories import application_in


@pytest.fixture
def draft(world, campaign):
    return application_in(campaign, world.worker_a1, "draft")


def _add(world, draft, file):
    return services.upload_add(actor=world.users["worker"], application=draft, kind="diagnosis", file=file)


@pytest.mark.parametrize(
    ("make", "code"),
    [(d.html_named_pdf, "type"), (lambda: d.oversized_png(services.UPLOAD_MAX_BYTES), "size")],
)
def test_an_html_page_named_pdf_and_an_oversized_image_are_refused_and_nothing_is_stored(
    world, draft, make, code
):
    with pytest.raises(UploadRefused) as refused:
        _add(world, draft, make())
    assert refused.value.code == code
    assert not Upload.objects.exists()


def test_a_pdf_polyglot_passes_the_type_check_but_is_only_ever_served_as_a_pdf_attachment(
    world, draft, client_for
):
    upload = _add(world, draft, d.polyglot())
    assert upload.content_type == "application/pdf" and upload.file.name.endswith(".pdf")
    worker = client_for(world.users["worker"])
    d.assert_served_as_pdf_attachment(
        worker.get(reverse("hardship_portal:download", args=[draft.pk, upload.pk]))
    )
    officer = client_for(world.users["officer"])
    response = officer.get(reverse("hardship:upload_download", args=[draft.pk, upload.pk]))
    d.assert_served_as_pdf_attachment(response)
    # the preview (inline) keeps the detected type and nosniff: a PDF viewer, never an HTML page
    inline = officer.get(reverse("hardship:upload_download", args=[draft.pk, upload.pk]) + "?inline=1")
    assert inline["Content-Type"] == "application/pdf" and inline["X-Content-Type-Options"] == "nosniff"


def test_a_path_traversal_name_is_stored_under_our_own_name_inside_media_root(world, draft, settings):
    upload = _add(world, draft, d.traversal_pdf())
    d.assert_stored_inside_media(upload.file, settings.MEDIA_ROOT)
    assert upload.original_name == "passwd.pdf"
