"""The congress minutes PDF ends as the paper minutes do: chair and recorder sign and date them."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_minutes_end_with_chair_and_recorder_signature_lines(world, client_for, session):
    response = client_for(world.users["branch"]).get(reverse("democracy:minutes_pdf", args=[session.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    run = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    )
    text = run.stdout.decode()
    flat = text.replace(" ", "")
    tail = flat.split("会议纪要", 1)[-1]
    assert "主持人（签字）：" in tail and "记录人（签字）：" in tail
    assert tail.count("年月日") >= 2
