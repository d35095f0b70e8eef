"""Every action confirms what it did in a sentence naming its object ("已立案：〈提案标题〉，交办至…",
"已保存：张三的会员信息"), never a bare "已完成：提交。" or "已保存。"."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse

from tests.branches.permissions import _remittance
from tests.democracy.permissions import _accepted_proposal
from tests.hardship.factories import application_in, campaign_for


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_renamed_unit_is_named(world, client_for):
    branch = world.branch_a2
    response = client_for(world.user("officer")).post(
        reverse("branches:branch_rename", args=[branch.pk]), {"name": "甲二新分会", "version": branch.version}
    )
    assert _said(response) == ["已保存：甲二新分会"]


def test_flagging_the_withheld_funds_names_the_unit_and_year(world, client_for):
    remittance = _remittance(world)
    response = client_for(world.user("district")).post(
        reverse("branches:remittance_withheld", args=[remittance.pk]),
        {"withheld": "on", "reason": "未足额上解"},
    )
    assert _said(response) == ["已保存：甲企业工会 2026年工会经费是否截留"]


def test_an_accepted_proposal_names_its_title_and_where_it_goes(world, client_for):
    pk = _accepted_proposal(world)["pk"]
    title = f"〈提案-{world.worker_a1.pk}〉"
    client = client_for(world.user("officer"))
    url = reverse("democracy:proposal_act", args=[pk])
    accepted = client.post(url, {"action": "accept", "expected_state": "submitted"})
    assert _said(accepted) == [f"已立案：{title}"]
    assigned = client.post(
        url,
        {
            "action": "assign",
            "expected_state": "accepted",
            "department": "行政办公室",
            "due_date": "2030-01-01",
        },
    )
    assert _said(assigned)[-1] == f"已交办：{title}，交办至行政办公室"


def test_a_step_on_an_application_names_the_applicant(world, client_for):
    application = application_in(campaign_for(world.district), world.worker_a1, "submitted")
    response = client_for(world.user("officer")).post(
        reverse("hardship:application_act", args=[application.pk]),
        {"action": "return", "comment": "缺少户口本"},
    )
    said = _said(response)
    assert said == ["退回补充材料：张三的困难帮扶申请"], said


def test_histories_name_people_not_logins(world, client_for):
    from hardship import services

    worker = world.user("worker")
    assert not worker.get_full_name() and worker.username == "worker"
    application = application_in(campaign_for(world.district), world.worker_a1, "submitted")
    services.transition(actor=worker, application=application, action="withdraw")
    page = client_for(world.user("officer")).get(
        reverse("hardship:application_detail", args=[application.pk])
    )
    history = page.content.decode().split('id="history"')[1].split("</ol>")[0]
    assert "张三" in history and "worker" not in history
    assert str(worker) == "张三"


def test_a_new_campaign_and_a_new_committee_are_named(world, client_for):
    response = client_for(world.user("district")).post(
        reverse("hardship:campaign_create"),
        {
            "name": "2027年元旦春节送温暖",
            "year": 2027,
            "line": "1000",
            "deadline": "2027-01-10",
            "notice_days": 5,
        },
    )
    said = _said(response)
    assert said == ["已创建：2027年元旦春节送温暖"], said
    response = client_for(world.user("officer")).post(
        reverse("branches:committee_create", args=[world.ent_a.pk]),
        {"kind": "women", "established_on": "2020-01-01"},
    )
    assert _said(response)[-1].startswith("已添加：甲企业工会 · "), _said(response)


def _generic_success_messages() -> list[str]:
    """Every ``messages.success(request, …)`` or ``messages.info(request, …)`` in a view whose text
    is a fixed sentence: one that names no object ("已保存。", "您已经回答过本次测评。"). A sentence with
    a placeholder (``_("… %(name)s") % {…}``) names one; ``say_done`` always does."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    found = []
    for path in sorted([*root.glob("*/views.py"), *root.glob("*/views/*.py")]):
        if ".venv" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("success", "info")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "messages"
                and len(node.args) >= 2
            ):
                continue
            text = node.args[1]
            if isinstance(text, ast.BinOp) and isinstance(text.op, ast.Mod):
                continue
            found.append(f"{path.relative_to(root)}:{node.lineno}: {ast.unparse(text)}")
    return found


def test_no_view_confirms_an_action_without_naming_its_object():
    assert _generic_success_messages() == []


def test_a_survey_already_answered_is_named(world, client_for):
    from democracy import services

    survey = services.survey_create(
        actor=world.user("officer"), enterprise=world.ent_a, year=2026, title="2026年厂务公开测评"
    )
    client = client_for(world.user("worker"))
    url = reverse("democracy_portal:survey", args=[survey.pk])
    client.post(url, {"knows": "1", "satisfaction": "satisfied"})
    response = client.get(url)
    assert _said(response)[-1] == "您已经回答过测评“2026年厂务公开测评”，谢谢。"
    assert survey.answers.count() == 1


def test_a_background_roster_export_names_the_roster_and_its_size(world, client_for, settings):
    settings.UNIONHOME = {**settings.UNIONHOME, "BACKGROUND_ROWS": 1}
    response = client_for(world.user("officer")).get(reverse("branches:roster_export"))
    assert _said(response) == ["花名册（2人）导出正在后台进行，完成后可在此下载文件。"]


def test_a_deleted_ledger_entry_is_named(world, client_for):
    from tests.ledgers.factories import entry_at

    entry = entry_at(world.branch_a1, participants=[(world.worker_a1, 4)])
    response = client_for(world.user("officer")).post(reverse("ledgers:entry_delete", args=[entry.pk]))
    assert _said(response) == [f"已删除：{entry.title}"]


def test_a_removed_leadership_member_and_a_confirmed_payment_are_named(world, client_for):
    from tests.branches.permissions import _member, _payment

    member = _member(world)
    response = client_for(world.user("officer")).post(
        reverse("branches:leadership_member_remove", args=[member.pk])
    )
    assert _said(response) == [f"已移除：张三（移出{member.group}）"]
    payment = _payment(world)
    response = client_for(world.user("district")).post(reverse("branches:payment_confirm", args=[payment.pk]))
    assert _said(response) == ["已确认到账：甲企业工会 2026年度工会经费的一笔缴款 500.00 元"]


def test_a_closed_evaluation_round_is_named(world, client_for):
    from tests.assessment.permissions import _round

    round_ = _round(world)
    response = client_for(world.user("officer")).post(reverse("assessment:round_close", args=[round_.pk]))
    assert _said(response) == ["已结束：2026年会员评家"]


def test_a_published_resolution_is_named(world, client_for):
    from tests.democracy.permissions import _resolution

    resolution = _resolution(world, voting_open=False)
    resolution.passed = True
    resolution.save(update_fields=["passed"])
    response = client_for(world.user("officer")).post(
        reverse("democracy:resolution_publish", args=[resolution.pk])
    )
    assert _said(response)[-1:] == ["已向职工公布：食堂改造方案"], _said(response)


def test_a_closed_campaign_and_help_on_a_hardship_file_are_named(world, client_for):
    from tests.hardship.factories import open_file_for

    campaign = campaign_for(world.district)
    response = client_for(world.user("district")).post(reverse("hardship:campaign_close", args=[campaign.pk]))
    assert _said(response) == [f"已结束：{campaign.name}"]
    file = open_file_for(world.worker_a1)
    response = client_for(world.user("officer")).post(
        reverse("hardship:file_help", args=[file.pk]),
        {"on": "2026-12-01", "form": "goods", "amount": "300", "note": "米面油"},
    )
    assert _said(response) == ["已登记帮扶：张三的困难职工档案"]
