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
