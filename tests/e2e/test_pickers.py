"""Browser test of a people picker: an officer adds a representative by typing two characters."""

import pytest

from democracy.models import Representative
from tests.conftest import build_world
from tests.democracy.conftest import make_term
from tests.factories import WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_picks_a_representative_by_typing_two_characters(page, live_server, login, shot):
    world = build_world()
    term = make_term(world, extra=1)
    WorkerFactory.create_batch(40, branch=world.branch_a1, name="批量工人")
    newcomer = WorkerFactory(branch=world.branch_a2, name="赵六一")
    WorkerFactory(branch=world.branch_b1, name="赵六二")  # enterprise B: never offered

    login("officer")
    page.goto(f"{live_server.url}/office/democracy/terms/{term.pk}/representatives/add/")
    assert page.locator("select[name=worker] option").count() <= 1  # no roster in the page
    page.locator(".ts-control input").first.fill("赵六")
    option = page.locator(".ts-dropdown .option", has_text="赵六一")
    option.wait_for()
    assert page.locator(".ts-dropdown .option").count() == 1  # 赵六二 is outside the scope
    assert newcomer.masked_id_number in option.inner_text() and newcomer.id_number not in page.content()
    shot("picker-representative")
    option.click()
    page.click("input[type=submit]")
    page.wait_for_load_state()
    assert Representative.objects.filter(term=term, worker=newcomer).exists()
