"""In a real browser, the district reviewer cannot record a title for a union whose assessment was
vetoed: the form offers no such basis, a forged one is refused with a form error, nothing is written,
and the ranking shows the union vetoed, below the rest, with no title."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assessment import services
from assessment.models import Assessment, TitleAward
from tests.assessment.conftest import home_spec, put_state
from tests.conftest import build_world
from unionhome.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_district_cannot_award_a_title_on_a_vetoed_assessment(page, live_server, login, shot):
    world = build_world()
    district = world.users["district"]
    home = services.standard_save(actor=district, spec=home_spec())
    year = dt.date.today().year
    a = services.assessment_create(
        actor=world.users["officer"], branch=world.ent_a, standard=home, period_kind="district", year=year
    )
    put_state(a, "accepted", self_scores={}, reviewer_scores={})
    Assessment.objects.filter(pk=a.pk).update(rating="does_not_meet", vetoed=True, total=Decimal("96.3"))
    events = AuditEvent.objects.count()

    login("district")
    page.goto(live_server.url + reverse("assessment:title_award", args=[world.ent_a.pk]))
    # the vetoed assessment is not offered as a basis
    assert page.locator(f"#id_assessment option[value='{a.pk}']").count() == 0
    page.select_option("#id_title", "model_home")
    page.select_option("#id_level", "city")
    page.fill("#id_decided_by", "城东区总工会")
    # sent anyway (a forged choice): refused with a form error, nothing written
    page.evaluate(
        "([pk]) => { const s = document.querySelector('#id_assessment');"
        " const o = document.createElement('option'); o.value = pk; o.textContent = 'forged';"
        " s.appendChild(o); s.value = pk; }",
        [str(a.pk)],
    )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "被一票否决" in page.locator("main form").inner_text()
    shot("title-refusal-vetoed")
    assert not TitleAward.objects.exists()
    assert AuditEvent.objects.count() == events

    # the ranking shows the union vetoed, with no title
    page.goto(live_server.url + reverse("assessment:overview") + f"?year={year}")
    row = page.locator("#ranking tr[data-vetoed='1']")
    assert row.count() == 1 and "甲企业工会" in row.inner_text() and "模范职工之家" not in row.inner_text()
