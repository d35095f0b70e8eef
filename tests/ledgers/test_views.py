"""Ledger pages per role: the list and its filters, the generic form, the export, the unit page and
the portal."""

import io
from decimal import Decimal

import openpyxl
from django.urls import reverse
from django.utils import timezone

from ledgers.models import LedgerEntry
from tests.ledgers.factories import entry_at
from unionhome.models import AccessLog

TODAY = timezone.localdate()


def _create_url(world, kind="training", unit=None):
    return f"{reverse('ledgers:entry_create')}?unit={(unit or world.branch_a1).pk}&kind={kind}"


def test_the_form_is_built_from_the_kinds_schema_and_saves(world, client_for):
    client = client_for(world.users["branch"])
    page = client.get(_create_url(world)).content.decode()
    assert 'name="hours"' in page and 'name="trainer"' in page and 'name="participants"' in page
    assert "张三" not in page  # no roster in the page: participants are searched (unionhome/pickers.py)
    search = f"{reverse('pick', args=['ledgers.participants'])}?key={world.branch_a1.pk}&q="
    assert [r["value"] for r in client.get(search + "张三").json()["results"]] == [str(world.worker_a1.pk)]
    assert client.get(search + "王五").json()["results"] == []  # the roster of the unit's enterprise only
    response = client.post(
        _create_url(world),
        {"date": TODAY.isoformat(), "title": "岗位练兵", "form": "drill", "hours": "3",
         "participants": [world.worker_a1.pk]},
    )  # fmt: skip
    entry = LedgerEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledgers:entry_detail", args=[entry.pk]
    )
    assert entry.participants.get().hours == Decimal("3.0")


def test_bad_input_shows_the_form_again_and_writes_nothing(world, client_for):
    client = client_for(world.users["officer"])
    response = client.post(
        _create_url(world), {"date": TODAY.isoformat(), "title": "x", "form": "drill", "hours": "999"}
    )
    assert response.status_code == 200 and not LedgerEntry.objects.exists()
    response = client.post(
        _create_url(world, "hidden_danger"),
        {"date": TODAY.isoformat(), "title": "隐患", "workshop": world.branch_a1.pk, "description": "x",
         "deadline": "2000-01-01"},
    )  # fmt: skip
    assert response.status_code == 200 and "deadline" in response.context["form"].errors
    assert not LedgerEntry.objects.exists()


def test_recording_outside_ones_units_is_refused(world, client_for):
    # A unit outside one's own is not among the choices: the chooser again, and a post writes nothing.
    for role, unit in (("officer_b", world.branch_a1), ("branch", world.branch_a2)):
        client = client_for(world.users[role])
        page = client.get(_create_url(world, unit=unit))
        assert page.status_code == 200 and "ledger-entry-form" not in page.content.decode()
        client.post(
            _create_url(world, unit=unit),
            {"date": TODAY.isoformat(), "title": "x", "form": "drill", "hours": "2"},
        )
    assert not LedgerEntry.objects.exists()
    assert client_for(world.users["district"]).get(_create_url(world)).status_code == 403
    # an unknown kind shows the chooser again
    page = client_for(world.users["officer"]).get(_create_url(world, kind="nothing"))
    assert page.status_code == 200 and "ledger-choose" in page.content.decode()


def test_the_list_filters_by_kind_unit_and_period_and_an_invalid_filter_selects_nothing(world, client_for):
    entry_at(world.branch_a1, "training", title="一季度练兵", date=TODAY.replace(month=1, day=5))
    entry_at(
        world.branch_a2,
        "culture_sports",
        title="运动会",
        data={"form": "sports"},
        date=TODAY.replace(month=1, day=6),
    )
    client = client_for(world.users["officer"])
    index = reverse("ledgers:index")
    assert [e.title for e in client.get(index).context["page"]] == ["运动会", "一季度练兵"]
    assert [e.title for e in client.get(f"{index}?kind=training").context["page"]] == ["一季度练兵"]
    assert [e.title for e in client.get(f"{index}?unit={world.branch_a2.pk}").context["page"]] == ["运动会"]
    assert [e.title for e in client.get(f"{index}?year={TODAY.year}&quarter=1").context["page"]] == [
        "运动会",
        "一季度练兵",
    ]
    assert not list(client.get(f"{index}?year={TODAY.year - 1}").context["page"])
    for bad in ("kind=nothing", "unit=abc", f"unit={world.branch_b1.pk}", "quarter=5", "year=x"):
        response = client.get(f"{index}?{bad}")
        assert response.status_code == 200 and not list(response.context["page"]), bad
    assert not list(client_for(world.users["officer_b"]).get(index).context["page"])


def test_export_has_the_printed_layout_and_escapes_formulas(world, client_for):
    entry_at(world.branch_a1, "training", title="=HYPERLINK(1)", date=TODAY.replace(month=1, day=5),
             data={"form": "drill", "hours": "4", "trainer": "+技术科"}, participants=[(world.worker_a1, 4)])  # fmt: skip
    response = client_for(world.users["officer"]).get(
        f"{reverse('ledgers:export')}?kind=training&year={TODAY.year}&unit={world.ent_a.pk}"
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert "甲企业工会" in rows[0][0] and str(TODAY.year) in rows[0][0]
    header = rows[2]
    assert len(header) == 8  # No., date, unit, title, the kind's three fields, participants
    data = rows[3]
    assert data[0] == 1 and data[2] == "甲一分会" and data[3] == "'=HYPERLINK(1)"
    assert "'+技术科" in data and "张三" in data
    assert rows[-1][0] in ("Recorded by:", "填表人：")  # the signature line closes the sheet
    assert AccessLog.objects.filter(kind="export", detail="ledger_export").count() == 1


def test_export_without_a_kind_or_year_goes_back_to_the_list(world, client_for):
    client = client_for(world.users["officer"])
    for query in (
        "",
        "?kind=training",
        "?year=2026",
        "?kind=letters_visits&year=2026",
        "?kind=training&year=abc",
    ):
        response = client.get(reverse("ledgers:export") + query)
        assert response.status_code == 302 and response["Location"] == reverse("ledgers:index"), query


def test_unit_page_shows_indicators_with_targets_and_the_timeline(world, client_for):
    entry_at(world.branch_a1, "training", title="岗位练兵记录")
    page = client_for(world.users["district"]).get(reverse("branches:branch_detail", args=[world.ent_a.pk]))
    html = page.content.decode()
    assert 'id="ledger-indicators"' in html and 'data-key="ledger_pairings_visited"' in html
    assert "岗位练兵记录" in html


def test_entry_detail_and_attachment_download_name(world, client_for):
    from tests.ledgers.factories import attachment_of

    entry = entry_at(world.branch_a1, "training", participants=[(world.worker_a1, 4)])
    attachment = attachment_of(entry)
    client = client_for(world.users["district"])
    page = client.get(reverse("ledgers:entry_detail", args=[entry.pk])).content.decode()
    assert (
        "张三" in page and "photo.png" in page and reverse("ledgers:entry_edit", args=[entry.pk]) not in page
    )
    response = client.get(reverse("ledgers:attachment_download", args=[entry.pk, attachment.pk]))
    assert response.status_code == 200 and "photo" not in response["Content-Disposition"]
    assert response["Content-Type"] == "image/png"
    other = entry_at(world.branch_a2, "training")
    assert (
        client.get(reverse("ledgers:attachment_download", args=[other.pk, attachment.pk])).status_code == 404
    )


def test_portal_shows_the_workers_own_activities_hours_fund_and_cadre(world, client_for):
    entry_at(world.branch_a1, "training", title="岗位练兵", date=TODAY, participants=[(world.worker_a1, 4)])
    entry_at(world.branch_a2, "training", title="别人的培训", date=TODAY, participants=[(world.worker_a2, 6)])
    entry_at(world.ent_a, "mutual_aid_fund", title="职工互助储金会", data={"form": "savings"},
             participants=[(world.worker_a1, None)])  # fmt: skip
    entry_at(
        world.ent_a,
        "cadre_pairing",
        title="包保",
        data={"cadre": world.worker_a2.pk, "family": world.worker_a1.pk},
    )
    response = client_for(world.users["worker"]).get(reverse("ledgers_portal:home"))
    html = response.content.decode()
    assert "岗位练兵" in html and "别人的培训" not in html
    assert response.context["hours"] == Decimal("4")
    assert "职工互助储金会" in html and "李四" in html
