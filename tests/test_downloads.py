"""Every file download is named by the system (``unionhome.downloads``), and exports mask phones
as they mask ID numbers."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Appointment, Worker
from tests import disguised_files as d
from tests.test_permission_crawler import TABLE
from unionhome import downloads
from unionhome.masking import mask_phone

pytestmark = pytest.mark.usefixtures("chinese")

DISPOSITION = re.compile(
    r"""^(attachment|inline); filename="(?P<ascii>[A-Za-z0-9._-]+)"; filename\*=UTF-8''(?P<name>[^"\s;]+)$"""
)
# What must be a download: every URL of the permission table that answers with a file.
DOWNLOAD_URLS = {
    "branches:roster_template",
    "branches:roster_export",
    "branches:committee_export",
    "branches:worker_sheet",
    "branches:roster_job_download",
    "branches:roster_job_report",
    "portal:sheet",
    "democracy:representatives_export",
    "assessment:overview_export",
    "democracy:proposals_export",
    "democracy:survey_export",
    "democracy:minutes_pdf",
    "democracy:disclosure_attachment",
    "democracy_portal:disclosure_attachment",
    "assessment:standard_export",
    "assessment:assessment_pdf",
    "assessment:assessment_xlsx",
    "assessment:evidence_download",
    "hardship:upload_download",
    "hardship_portal:download",
    "hardship:attachment1_pdf",
    "hardship:attachment1_xlsx",
    "hardship:notice_pdf",
    "hardship:report_pdf",
    "hardship:report_xlsx",
    "hardship:balance_xlsx",
    "ledgers:attachment_download",
    "ledgers:export",
}
TYPES = {"pdf": downloads.PDF, "xlsx": downloads.XLSX, "png": "image/png", "jpg": "image/jpeg"}


@pytest.fixture
def admin_client_(world, client_for):
    return client_for(world.users["admin"])


@pytest.fixture
def chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


def saved_name(response) -> str:
    """The name the browser saves the file under (``filename*``), checked for its shape."""
    match = DISPOSITION.match(response["Content-Disposition"])
    assert match, response["Content-Disposition"]
    name = unquote(match["name"])
    assert re.fullmatch(r"[^/\\\x00-\x1f\u202a-\u202e\u2066-\u2069]+-\d{8}\.[a-z0-9]+", name), name
    return name


def test_a_disposition_is_the_kind_the_date_and_the_extension_never_the_uploaders_name():
    header = downloads.content_disposition("证明\u202efdp.hta", ext="pdf", on=timezone.localdate())
    day = f"{timezone.localdate():%Y%m%d}"
    assert (
        header
        == f"attachment; filename=\"fdp.hta-{day}.pdf\"; filename*=UTF-8''%E8%AF%81%E6%98%8Efdp.hta-{day}.pdf"
    )
    assert downloads.display_name("C:\\tmp\\..\\证明\u202efdp.hta\u200b\x00") == "证明fdp.hta"
    assert downloads.display_name("../../.bashrc") == "bashrc"


PAGES = [
    (n, r)
    for n in sorted(TABLE)
    for r in TABLE[n].roles
    if TABLE[n].method == "get" and TABLE[n].expect[r] == 200
]


@pytest.mark.parametrize(("name", "role"), PAGES)
def test_every_download_of_the_permission_table_is_named_by_the_system(name, role, world, client_for):
    entry = TABLE[name]
    url = entry.url(name, world)
    response = client_for(world.user(role)).get(url)
    if "Content-Disposition" not in response:
        assert name not in DOWNLOAD_URLS, f"{url} is no longer a download"
        return
    assert name in DOWNLOAD_URLS, f"{url} is a download: add it to DOWNLOAD_URLS"
    saved = saved_name(response)
    assert response["X-Content-Type-Options"] == "nosniff"
    ext = saved.rsplit(".", 1)[1]
    assert TYPES[ext] == response["Content-Type"], (ext, response["Content-Type"])


# --- uploads: served under the kind's label, the type from the content -------------------------------


HOSTILE_NAME = "证明\u202efdp.hta"


def hostile(make):
    upload = make()
    upload.name = HOSTILE_NAME
    return upload


def test_a_hardship_upload_is_saved_under_its_kind_and_the_sniffed_type(world, client_for):
    from hardship import services as hardship
    from tests.hardship.factories import application_in, campaign_for

    draft = application_in(campaign_for(world.district), world.worker_a1, "draft")
    upload = hardship.upload_add(
        actor=world.users["worker"], application=draft, kind="diagnosis", file=hostile(d.polyglot)
    )
    assert upload.original_name == "证明fdp.hta", "the display label is cleaned on input"
    day = f"{timezone.localdate():%Y%m%d}"
    worker_url = reverse("hardship_portal:download", args=[draft.pk, upload.pk])
    responses = [client_for(world.users["worker"]).get(worker_url)]
    type(draft).objects.filter(pk=draft.pk).update(state="submitted")  # the office reads it once submitted
    office_url = reverse("hardship:upload_download", args=[draft.pk, upload.pk])
    responses.append(client_for(world.users["officer"]).get(office_url))
    for response in responses:
        assert response.status_code == 200
        assert saved_name(response) == f"{upload.get_kind_display()}-{day}.pdf"
        assert "hta" not in response["Content-Disposition"] and response["Content-Type"] == downloads.PDF


def test_assessment_evidence_is_saved_under_its_kind(world, client_for):
    from assessment import services as assessment
    from tests.assessment.conftest import YEAR, small_spec

    standard = assessment.standard_save(actor=world.users["district"], spec=small_spec())
    a = assessment.assessment_create(
        actor=world.users["admin"], branch=world.branch_a1, standard=standard, period_kind="quarterly",
        year=YEAR, number=4,
    )  # fmt: skip
    evidence = assessment.evidence_upload(
        actor=world.users["branch"], assessment=a, item=a.scores.first().item, upload=hostile(d.polyglot)
    )
    assert evidence.original_name == "证明fdp.hta"
    response = client_for(world.users["branch"]).get(
        reverse("assessment:evidence_download", args=[evidence.pk])
    )
    assert saved_name(response) == f"考核佐证材料-{timezone.localdate():%Y%m%d}.pdf"


def test_a_disclosure_attachment_is_saved_under_its_kind_and_disclosure_date(world, client_for):
    import datetime as dt

    from democracy import services as democracy

    item = democracy.disclosure_create(
        actor=world.users["officer"],
        audience=world.ent_a,
        category="wages",
        title="工资调整公示",
        content="2026年工资调整方案",
        disclosed_on=dt.date(2026, 3, 1),
        attachment=hostile(d.polyglot),
    )
    response = client_for(world.users["officer"]).get(
        reverse("democracy:disclosure_attachment", args=[item.pk])
    )
    assert saved_name(response) == "公开事项附件-20260301.pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="attachment-20260301.pdf"')


# --- exports: phones masked like ID numbers ----------------------------------------------------------


def read_back(data: bytes) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


PHONE = "13912345678"


@pytest.mark.parametrize(
    ("role", "full"),
    [("branch", False), ("officer", False), ("officer_b", False), ("district", False), ("admin", True)],
)
def test_the_roster_export_masks_phones_by_the_id_rule(world, client_for, role, full):
    Worker.objects.update(phone=PHONE)
    cells = read_back(client_for(world.users[role]).get(reverse("branches:roster_export")).content)
    assert cells[1:], "the export has rows"
    phones = {r[3] for r in cells[1:]}
    assert phones == ({PHONE} if full else {mask_phone(PHONE)})
    assert all(("*" in r[2]) != full for r in cells[1:])


def test_an_officer_granted_full_ids_exports_full_phones_of_their_enterprise_only(world, client_for):
    Worker.objects.update(phone=PHONE)
    Appointment.objects.filter(user=world.users["officer"]).update(full_id_access=True)
    cells = read_back(client_for(world.users["officer"]).get(reverse("branches:roster_export")).content)
    assert {r[3] for r in cells[1:]} == {PHONE}
    cells = read_back(client_for(world.users["officer_b"]).get(reverse("branches:roster_export")).content)
    assert {r[3] for r in cells[1:]} == {mask_phone(PHONE)}


def test_the_background_roster_export_masks_phones(world, client_for, settings):
    from branches.models import RosterJob

    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    Worker.objects.update(phone=PHONE)
    client = client_for(world.users["officer"])
    client.get(reverse("branches:roster_export"))
    job = RosterJob.objects.get(kind=RosterJob.Kind.EXPORT)
    assert job.status == RosterJob.Status.DONE
    response = client.get(reverse("branches:roster_job_download", args=[job.pk]))
    assert saved_name(response) == f"花名册-{timezone.localdate():%Y%m%d}.xlsx"
    cells = read_back(b"".join(response.streaming_content))
    assert {r[3] for r in cells[1:]} == {mask_phone(PHONE)}


def test_the_admin_roster_export_shows_full_phones_to_the_superuser(world, admin_client_):
    Worker.objects.update(phone=PHONE)
    response = admin_client_.post(reverse("admin:branches_worker_export"), {"format": "0", "resource": "0"})
    assert {r[3] for r in read_back(response.content)[1:]} == {PHONE}
