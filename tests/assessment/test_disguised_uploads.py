"""Assessment evidence against disguised files (see tests/disguised_files.py for the policy)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessment import services
from assessment.exceptions import UploadRefused
from assessment.models import Evidence
from tests import disguised_files as d


@pytest.fixture
def draft(world, std_small, make_assessment):
    a = make_assessment(world.branch_a1, std_small)
    return a, a.scores.first().item


def _add(world, draft, upload):
    a, item = draft
    return services.evidence_upload(actor=world.users["branch"], assessment=a, item=item, upload=upload)


@pytest.mark.parametrize("make", [d.html_named_pdf, lambda: d.oversized_png(services.EVIDENCE_MAX_BYTES)])
def test_an_html_page_named_pdf_and_an_oversized_image_are_refused_and_nothing_is_stored(world, draft, make):
    with pytest.raises(UploadRefused):
        _add(world, draft, make())
    assert not Evidence.objects.exists()


def test_a_pdf_polyglot_is_only_ever_served_as_a_pdf_attachment(world, draft, client_for):
    evidence = _add(world, draft, d.polyglot())
    assert evidence.content_type == "application/pdf"
    response = client_for(world.users["branch"]).get(
        reverse("assessment:evidence_download", args=[evidence.pk])
    )
    d.assert_served_as_pdf_attachment(response)


def test_a_path_traversal_name_is_stored_under_our_own_name_inside_media_root(world, draft, settings):
    evidence = _add(world, draft, d.traversal_pdf())
    d.assert_stored_inside_media(evidence.file, settings.MEDIA_ROOT)
    assert "/" not in evidence.original_name
