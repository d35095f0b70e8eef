"""The roster import shows nothing of workers outside the importer's scope.

A row whose ID number is another union's member's says only that; a transfer is offered only when
the file's name matches the record too; a file matching many such workers is refused as a whole and
the attempt is written to the access log.
"""

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches import roster_io, services
from branches.models import RosterJob
from branches.services.imports import OutsideMatchesRefused
from tests.branches.roster_files import row, xlsx
from tests.factories import WorkerFactory
from unionhome.models import AccessLog

pytestmark = pytest.mark.usefixtures("chinese")

SECRET_NAMES = ("隐秘甲", "隐秘乙", "隐秘丙")
OTHER_UNION = "该身份证号已是其他工会的会员"


def upload(client, unit, data: bytes):
    return client.post(
        reverse("branches:roster_import"),
        {"unit": unit.pk, "file": SimpleUploadedFile("roster.xlsx", data)},
        follow=True,
    )


def outsiders(world, names=SECRET_NAMES):
    return [WorkerFactory(branch=world.branch_b1, name=name) for name in names]


def report_text(job: RosterJob) -> str:
    path = services.job_file(job, "report")
    book = openpyxl.load_workbook(path, read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for r in sheet.iter_rows(values_only=True) for cell in r
    )


def leaks(world, text: str, names=SECRET_NAMES) -> list[str]:
    words = [*names, world.ent_b.name, world.branch_b1.name, "乙企业"]
    return [w for w in words if w in text]


def test_a_refused_file_names_no_out_of_scope_worker_anywhere(world, client_for):
    found = outsiders(world)
    rows = [row(n + 1, 身份证号=w.id_number) for n, w in enumerate(found)]
    rows.append(row(9, 性别="女"))  # a problem of the importer's own: the file is refused
    page = upload(client_for(world.users["officer"]), world.ent_a, xlsx(rows)).content.decode()
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.REFUSED
    assert page.count(OTHER_UNION) == 3
    stored = f"{job.message} {job.problems} {job.params}"
    assert [p[3] for p in job.problems[:3]] == ["该身份证号已是其他工会的会员。"] * 3
    assert leaks(world, page) == []
    assert leaks(world, stored) == []
    assert OTHER_UNION in report_text(job) and leaks(world, report_text(job)) == []
    details = " ".join(f"{a.detail} {a.detail_args} {a.object_repr}" for a in AccessLog.objects.all())
    assert leaks(world, details) == []


def test_a_transfer_is_offered_only_when_the_name_matches_too(world, client_for):
    known, unknown = outsiders(world, ("隐秘甲", "隐秘乙"))
    rows = [
        row(1, 身份证号=known.id_number, 姓名=known.name),
        row(2, 身份证号=unknown.id_number, 姓名="别的名字"),
    ]
    plan = services.roster_import_preview(
        actor=world.users["officer"],
        unit=world.ent_a,
        rows=roster_io.open_roster(xlsx(rows)).rows(),
        offer_transfers=True,
    )
    assert plan.claims == [], "the file has another problem: the claim is a row problem too"
    assert [(p.row, p.code) for p in plan.problems] == [(2, "transfer_possible"), (3, "other_union")]
    assert "可申请会员关系转接" in plan.problems[0].reason
    assert plan.problems[1].reason == OTHER_UNION + "。"
    assert leaks(world, str(plan.problems), ("隐秘乙",)) == []


def test_the_preview_of_a_matching_name_offers_a_transfer_without_naming_the_other_union(world, client_for):
    [known] = outsiders(world, ("隐秘甲",))
    rows = [row(1), row(2, 身份证号=known.id_number, 姓名=known.name)]
    page = upload(client_for(world.users["officer"]), world.ent_a, xlsx(rows)).content.decode()
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.READY
    assert "可申请会员关系转接" in page and 'name="start_transfers"' in page
    assert known.id_number not in page
    assert leaks(world, page, ()) == [] and leaks(world, str(job.params), ()) == []


def test_rows_within_the_importers_scope_still_name_the_other_enterprise(world):
    """The district's officer sees both enterprises: the row says where the worker is."""
    plan = services.roster_import_preview(
        actor=world.users["admin"],
        unit=world.ent_a,
        rows=roster_io.open_roster(xlsx([row(1, 身份证号=world.worker_b1.id_number)])).rows(),
    )
    assert plan.problems[0].code == "other_enterprise" and "乙企业工会" in plan.problems[0].reason


def test_a_file_matching_many_other_unions_members_is_refused_whole_and_logged(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "IMPORT_OUTSIDE_MAX": 3}
    found = outsiders(world, ["隐秘甲", "隐秘乙", "隐秘丙", "隐秘丁"])
    rows = [row(n + 1, 身份证号=w.id_number, 姓名=w.name) for n, w in enumerate(found)]
    rows += [row(n) for n in range(10, 20)]
    page = upload(client_for(world.users["officer"]), world.ent_a, xlsx(rows)).content.decode()
    job = RosterJob.objects.get()
    assert job.status == RosterJob.Status.REFUSED and not job.report and not job.problems
    assert "文件被整体拒绝：其中 4 个身份证号属于其他工会的会员" in page
    assert leaks(world, page, [w.name for w in found]) == []
    entry = AccessLog.objects.get(detail="roster_import_outside")
    assert (entry.user, entry.branch_path, entry.detail_args) == (
        world.users["officer"],
        world.ent_a.path,
        {"matches": 4, "rows": 14},
    )
    assert leaks(world, f"{entry.detail_args} {entry.object_repr}", [w.name for w in found]) == []


def test_a_file_most_of_whose_rows_match_other_unions_members_is_refused(world):
    found = outsiders(world, [f"隐秘{n}" for n in range(6)])
    rows = [row(n + 1, 身份证号=w.id_number) for n, w in enumerate(found)] + [row(20)]
    with pytest.raises(OutsideMatchesRefused):
        services.roster_import(
            actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(xlsx(rows)).rows()
        )
    assert AccessLog.objects.filter(detail="roster_import_outside", detail_args__matches=6).count() == 1


def test_a_few_matches_among_many_rows_are_row_problems_not_a_refusal(world):
    found = outsiders(world, [f"隐秘{n}" for n in range(6)])
    rows = [row(n + 1, 身份证号=w.id_number) for n, w in enumerate(found)]
    rows += [row(n) for n in range(20, 40)]
    plan = services.roster_import_preview(
        actor=world.users["officer"], unit=world.ent_a, rows=roster_io.open_roster(xlsx(rows)).rows()
    )
    assert [p.code for p in plan.problems] == ["other_union"] * 6
    assert not AccessLog.objects.filter(detail="roster_import_outside").exists()
