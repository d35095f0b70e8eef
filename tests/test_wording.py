"""Words that misled readers, each now in the plans' own word (docs/GLOSSARY.md, "Mismatches")."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from branches.models import Worker
from democracy.models import Leader
from hardship.models import Application, HouseholdMember
from tests.hardship.factories import campaign_for


def _page(client, name, **params) -> str:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_closed_campaign_has_ended_not_been_revoked(world, client_for):
    campaign_for(world.district, is_open=False)
    page = _page(client_for(world.user("officer")), "hardship:index")
    assert "已结束" in page and "已撤销" not in page


def test_a_person_has_a_name_a_unit_has_a_title():
    with translation.override("zh-hans"):
        for model in (Worker, HouseholdMember, Leader):
            assert str(model._meta.get_field("name").verbose_name) == "姓名"
        assert str(Application.State.NOTICE_ENDED.label) == "公示期满"  # also after a dismissed objection
        assert translation.pgettext("hardship file", "closed on") == "销档日期"  # as the office says


def test_roster_filters_offer_all_for_any(world, client_for):
    page = _page(client_for(world.user("officer")), "branches:roster")
    start = page.index('id="roster-filter"')
    form = page[start : page.index("</form>", start)]
    assert "未知" not in form and "---------" not in form and form.count(">全部</option>") >= 5


def test_roster_filter_on_yes_and_no_still_selects(world, client_for):
    world.worker_a2.is_member = False
    world.worker_a2.save()
    client = client_for(world.user("officer"))
    members = _page(client, "branches:roster", is_member="true")
    others = _page(client, "branches:roster", is_member="false")
    assert "张三" in members and "李四" not in members
    assert "李四" in others and "张三" not in others


def test_surveys_say_knowledge_rate_as_the_plans_do(world, client_for):
    page = _page(client_for(world.user("officer")), "democracy:survey_list")
    assert "知情率" in page and "知晓率" not in page


def test_the_hardship_access_log_names_what_was_read(world, client_for):
    page = _page(client_for(world.user("officer")), "hardship:access_log")
    head = page[page.index("<thead") : page.index("</thead>")]
    assert "对象" in head and "登记" not in head
