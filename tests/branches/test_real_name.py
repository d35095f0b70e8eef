"""Member facts of the national real-name registration: closed sets, form, confirmation, sheet."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.urls import reverse

from branches import rules, services
from branches.exceptions import RosterError
from branches.models import Worker
from unionhome.exceptions import PermissionRefused
from unionhome.models import AccessLog, AuditEvent

# --- closed sets and label mapping (rules) ------------------------------------------------------


def test_there_are_56_ethnic_groups_in_gb_3304_order_with_two_digit_codes():
    assert len(rules.ETHNIC_GROUPS) == 56
    assert rules.ETHNIC_GROUPS[0] == ("01", "汉族")
    assert rules.ETHNIC_GROUPS[1] == ("02", "蒙古族")
    assert rules.ETHNIC_GROUPS[-1] == ("56", "基诺族")
    assert len({name for _c, name in rules.ETHNIC_GROUPS}) == 56


@pytest.mark.parametrize(
    ("field", "model_choices"),
    [
        ("ethnic_group", Worker.EthnicGroup),
        ("political_status", Worker.PoliticalStatus),
        ("education", Worker.Education),
        ("household_type", Worker.HouseholdType),
        ("membership_status", Worker.MembershipStatus),
    ],
)
def test_model_choices_use_exactly_the_codes_of_the_rules(field, model_choices):
    assert [c for c, _l in rules.CLOSED_SETS[field]] == list(model_choices.values)


def test_political_statuses_follow_gb_t_4762_from_party_member_to_the_masses():
    labels = [name for _c, name in rules.POLITICAL_STATUSES]
    assert labels[:4] == ["中共党员", "中共预备党员", "共青团员", "民革会员"]
    assert labels[-1] == "群众"


@pytest.mark.parametrize(
    ("field", "label", "code"),
    [
        ("ethnic_group", "汉族", "01"),
        ("ethnic_group", "汉", "01"),
        ("ethnic_group", " 回族 ", "03"),
        ("ethnic_group", "基诺族", "56"),
        ("ethnic_group", "56", "56"),
        ("ethnic_group", "", ""),
        ("ethnic_group", None, ""),
        ("political_status", "中共党员", "01"),
        ("political_status", "中国共产党党员", "01"),
        ("political_status", "预备党员", "02"),
        ("political_status", "团员", "03"),
        ("political_status", "群众", "13"),
        ("education", "本科", "20"),
        ("education", "大学本科", "20"),
        ("education", "大专", "30"),
        ("education", "中专", "40"),
        ("education", "高中", "60"),
        ("household_type", "农业户口", "rural"),
        ("household_type", "城镇", "urban"),
        ("household_type", "非农业户口", "urban"),
        ("membership_status", "正常", "normal"),
        ("membership_status", "已转出", "transferred_out"),
        ("membership_status", "保留会籍", "retained"),
        ("membership_status", "终止", "terminated"),
    ],
)
def test_a_label_maps_to_its_code(field, label, code):
    assert rules.code_of(field, label) == code


@pytest.mark.parametrize(
    ("field", "label"),
    [
        ("ethnic_group", "火星族"),
        ("ethnic_group", "57"),
        ("ethnic_group", "00"),
        ("political_status", "党员同志"),
        ("education", "幼儿园"),
        ("household_type", "外籍"),
        ("membership_status", "暂停"),
    ],
)
def test_a_label_outside_the_closed_set_is_refused_naming_the_field(field, label):
    with pytest.raises(rules.ChoiceLabelError) as exc:
        rules.code_of(field, label)
    assert exc.value.field == field and exc.value.value == label


def test_the_named_mapping_functions_and_label_of_agree():
    assert rules.ethnic_group_code("满族") == "11" and rules.label_of("ethnic_group", "11") == "满族"
    assert rules.political_status_code("民盟盟员") == "05"
    assert rules.education_code("硕士") == "14"
    assert rules.household_type_code("农村") == "rural"
    assert rules.membership_status_code("保留") == "retained"
    assert rules.label_of("education", "99") == ""


@pytest.mark.parametrize(
    ("household", "employment", "expected"),
    [("rural", "regular", True), ("urban", "regular", False), ("", "regular", None), ("", "migrant", True)],
)
def test_migrant_workers_are_told_by_household_and_employment(household, employment, expected):
    assert rules.is_migrant_worker(household_type=household, employment_type=employment) is expected


# --- officer form and detail --------------------------------------------------------------------


def _form_data(worker, **change):
    data = {
        "name": worker.name, "gender": worker.gender, "phone": "", "employment_type": worker.employment_type,
        "branch": worker.branch_id, "hire_date": "2015-03-01", "is_member": "on", "member_since": "2015-06-01",
        "card_number": "", "ethnic_group": "03", "political_status": "01", "education": "20",
        "household_place": "山西省太原市小店区", "household_type": "rural", "membership_status": "normal",
        "membership_status_on": "", "membership_status_reason": "",
    }  # fmt: skip
    data["version"] = Worker.objects.get(pk=worker.pk).version  # as the edit page carries it
    data.update(change)
    return data


def test_officer_records_the_real_name_facts_and_the_detail_page_shows_them_in_chinese(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(
        reverse("branches:worker_edit", args=[world.worker_a1.pk]), _form_data(world.worker_a1)
    )
    assert response.status_code == 302
    worker = Worker.objects.get(pk=world.worker_a1.pk)
    assert (worker.ethnic_group, worker.political_status, worker.education) == ("03", "01", "20")
    assert worker.household_place == "山西省太原市小店区" and worker.household_type == "rural"
    page = client.get(reverse("branches:worker_detail", args=[worker.pk])).content.decode()
    for text in ("回族", "中共党员", "大学本科", "山西省太原市小店区", "农村", "尚未确认"):
        assert text in page
    event = AuditEvent.objects.filter(action="worker.update").latest("id")
    assert event.after["ethnic_group"] == "03" and event.before["ethnic_group"] == ""


def test_a_membership_status_other_than_normal_needs_its_date(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(
        reverse("branches:worker_edit", args=[world.worker_a1.pk]),
        _form_data(world.worker_a1, membership_status="retained"),
    )
    assert response.status_code == 200
    assert "生效日期" in " ".join(response.context["form"].errors["membership_status_on"])
    assert Worker.objects.get(pk=world.worker_a1.pk).membership_status == "normal"


def test_the_service_refuses_a_status_without_date_and_changes_nothing(world):
    with pytest.raises(RosterError):
        services.worker_update(
            actor=world.users["officer"], worker=world.worker_a1, membership_status="terminated"
        )
    assert Worker.objects.get(pk=world.worker_a1.pk).membership_status == "normal"


def test_an_unknown_ethnic_group_code_is_a_form_error(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(
        reverse("branches:worker_edit", args=[world.worker_a1.pk]),
        _form_data(world.worker_a1, ethnic_group="99"),
    )
    assert response.status_code == 200 and "ethnic_group" in response.context["form"].errors


# --- the worker's confirmation --------------------------------------------------------------------


def test_worker_confirms_in_the_portal_and_an_officer_change_asks_again(world, client_for):
    client = client_for(world.users["worker"])
    page = client.get(reverse("portal:profile")).content.decode()
    assert "请核对您的信息并确认" in page
    assert client.post(reverse("portal:confirm")).status_code == 302
    worker = Worker.objects.get(pk=world.worker_a1.pk)
    assert worker.confirmed_on == dt.date.today()
    assert AuditEvent.objects.filter(action="worker.confirm", object_id=str(worker.pk)).exists()
    assert "您已于" in client.get(reverse("portal:profile")).content.decode()

    services.worker_update(
        actor=world.users["officer"], worker=worker, phone="13800000000"
    )  # not a sheet fact?
    assert Worker.objects.get(pk=worker.pk).confirmed_on is None  # the phone is on the sheet: asked again
    assert "请核对您的信息并确认" in client.get(reverse("portal:profile")).content.decode()


def test_an_officer_save_without_changes_keeps_the_confirmation(world):
    services.worker_confirm(actor=world.users["worker"], worker=world.worker_a1)
    services.worker_update(actor=world.users["officer"], worker=world.worker_a1, name=world.worker_a1.name)
    assert Worker.objects.get(pk=world.worker_a1.pk).confirmed_on == dt.date.today()


def test_nobody_confirms_for_someone_else(world):
    with pytest.raises(PermissionRefused):
        services.worker_confirm(actor=world.users["officer"], worker=world.worker_a1)
    with pytest.raises(PermissionRefused):
        services.worker_confirm(actor=world.users["worker"], worker=world.worker_a2)
    assert not Worker.objects.filter(confirmed_on__isnull=False).exists()


# --- the member information sheet (PDF) ---------------------------------------------------------


def _pdf_text(content: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is required", pytrace=False)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_officer_downloads_the_sheet_with_masked_id_and_the_download_is_logged(world, client_for, tmp_path):
    Worker.objects.filter(pk=world.worker_a1.pk).update(
        ethnic_group="01", political_status="03", education="30"
    )
    response = client_for(world.users["officer"]).get(
        reverse("branches:worker_sheet", args=[world.worker_a1.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    for expected in ("工会会员信息采集表", "张三", "汉族", "共青团员", "大学专科", "会员签名", "甲一分会"):
        assert expected in text
    assert world.worker_a1.masked_id_number in text and world.worker_a1.id_number not in text
    log = AccessLog.objects.get(object_id=str(world.worker_a1.pk))
    assert log.user == world.users["officer"] and log.kind == "download"


def test_worker_downloads_their_own_sheet_with_their_full_id_number(world, client_for, tmp_path):
    response = client_for(world.users["worker"]).get(reverse("portal:sheet"))
    text = _pdf_text(response.content, tmp_path)
    assert "张三" in text and world.worker_a1.id_number in text and "李四" not in text


def test_an_officer_out_of_scope_cannot_download_a_sheet(world, client_for):
    response = client_for(world.users["officer_b"]).get(
        reverse("branches:worker_sheet", args=[world.worker_a1.pk])
    )
    assert response.status_code == 404
    assert not AccessLog.objects.exists()
