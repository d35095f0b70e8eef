"""Unpublished disclosures stay with their unit, leavers keep only their own records, exports name
the unit they cover, and query parameters never cause a 500 or widen a filter."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from democracy import services
from democracy.models import Disclosure
from tests.democracy.conftest import make_term
from unionhome.models import AccessLog

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _item(world, audience, *, published=False, title="二分会福利草稿"):
    item = Disclosure(enterprise=world.ent_a, audience=audience, category="welfare", title=title,
                      content="x", disclosed_on=dt.date(2026, 3, 1), published=published)  # fmt: skip
    item.attachment.save("draft.pdf", ContentFile(PDF), save=False)
    item.save()
    return item


def test_a_branch_officer_cannot_read_a_sibling_branch_s_draft_or_its_attachment(world, client_for):
    draft = _item(world, world.branch_a2)
    client = client_for(world.users["branch"])  # officer of A1
    assert client.get(reverse("democracy:disclosure_detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("democracy:disclosure_attachment", args=[draft.pk])).status_code == 404
    assert "二分会福利草稿" not in client.get(reverse("democracy:disclosure_list")).content.decode()
    assert not AccessLog.objects.filter(object_id=str(draft.pk)).exists()


def test_a_draft_is_read_by_its_unit_s_officers_and_those_above(world, client_for):
    own = _item(world, world.branch_a1, title="一分会草稿")
    for role in ("branch", "officer", "district", "admin"):
        client = client_for(world.users[role])
        assert client.get(reverse("democracy:disclosure_detail", args=[own.pk])).status_code == 200, role
    enterprise_draft = _item(world, world.ent_a, title="全企业草稿")
    assert (
        client_for(world.users["branch"])
        .get(reverse("democracy:disclosure_detail", args=[enterprise_draft.pk]))
        .status_code
        == 404
    )


def test_a_sibling_branch_s_published_item_stays_readable_by_the_enterprise_s_officers(world, client_for):
    item = _item(world, world.branch_a2, published=True, title="二分会公示")
    client = client_for(world.users["branch"])
    assert client.get(reverse("democracy:disclosure_detail", args=[item.pk])).status_code == 200


@pytest.mark.parametrize("url_name", ["disclosure_list", "resolutions"])
def test_a_worker_who_has_left_loses_the_internal_portal_pages(world, client_for, url_name):
    item = _item(world, world.ent_a, published=True, title="全企业公示")
    client = client_for(world.users["worker"])
    assert client.get(reverse(f"democracy_portal:{url_name}")).status_code == 200
    world.worker_a1.status = "left"
    world.worker_a1.save()
    assert client.get(reverse(f"democracy_portal:{url_name}")).status_code == 403
    for name in ("disclosure_detail", "disclosure_attachment"):
        assert client.get(reverse(f"democracy_portal:{name}", args=[item.pk])).status_code == 403
    home = client.get(reverse("democracy_portal:home")).content.decode()
    assert "全企业公示" not in home and reverse("democracy_portal:disclosure_list") not in home


def test_a_worker_who_has_left_keeps_their_own_proposals(world, client_for):
    make_term(world)
    p = services.proposal_submit(actor=world.users["worker"], kind="suggestion", title="节能", content="换灯")
    world.worker_a1.status = "left"
    world.worker_a1.save()
    client = client_for(world.users["worker"])
    assert client.get(reverse("democracy_portal:proposal_detail", args=[p.pk])).status_code == 200
    assert "节能" in client.get(reverse("democracy_portal:home")).content.decode()
    assert client.get(reverse("democracy_portal:proposal_submit")).status_code == 403


@pytest.mark.parametrize(
    ("role", "unit"), [("officer", "ent_a"), ("branch", "branch_a1"), ("district", "district")]
)
def test_the_proposals_export_logs_the_unit_it_covers(world, client_for, role, unit):
    response = client_for(world.users[role]).get(reverse("democracy:proposals_export"))
    assert response.status_code == 200
    log = AccessLog.objects.get(object_type="democracy.proposal", kind="export")
    assert log.branch_path == getattr(world, unit).path != ""


@pytest.mark.parametrize("url_name", ["overview", "cadence", "contest_list"])
@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "２０２６", "20x6", "0"])
def test_a_bad_year_is_ignored_with_a_message(world, client_for, url_name, year):
    response = client_for(world.users["officer"]).get(reverse(f"democracy:{url_name}"), {"year": year})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]]  # says the value was not a year
    assert response.context["year"] == dt.date.today().year


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("proposal_list", {"state": "bogus"}),
        ("proposal_list", {"kind": "x" * 30}),
        ("proposal_list", {"overdue": "0"}),
        ("disclosure_list", {"category": "nope"}),
    ],
)
def test_an_unknown_filter_value_is_a_bad_request(world, client_for, url_name, query):
    assert client_for(world.users["officer"]).get(reverse(f"democracy:{url_name}"), query).status_code == 400
