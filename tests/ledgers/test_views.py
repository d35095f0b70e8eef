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


def _rows(html, table_attr):
    """{key: (value, target, ok)} of the indicator rows after the marker ``table_attr``."""
    import re

    part = html.split(table_attr, 1)[1].split("</table>", 1)[0]
    return {
        m[0]: (m[1], m[2], m[3])
        for m in re.findall(
            r'<tr data-key="([^"]+)" data-value="([^"]*)" data-target="([^"]*)" data-ok="([^"]*)"', part
        )
    }


def test_unit_page_reads_values_targets_and_no_data(world, client_for):
    year = TODAY.year
    entry_at(world.ent_a, "union_finance", date=TODAY,
             data={"year": year, "difference": "-5.00", "independent_account": True})  # fmt: skip
    page = client_for(world.users["officer"]).get(reverse("branches:branch_detail", args=[world.ent_a.pk]))
    rows = _rows(page.content.decode(), 'id="ledger-indicators"')
    assert rows["ledger_books_match"] == ("0.0000", "1.00", "not-ok")  # zero, not "no data"
    assert rows["ledger_independent_account"] == ("1", "1", "ok")
    assert rows["ledger_cadre_satisfaction"] == ("none", "0.80", "none")
    assert rows["ledger_information_items"] == ("none", "4", "none")


def test_dashboard_shows_the_indicators_of_the_officers_enterprise(world, client_for):
    year = TODAY.year
    entry_at(world.ent_a, "information_work", date=TODAY, data={"form": "published", "items": 5})
    html = client_for(world.users["officer"]).get(reverse("branches:dashboard")).content.decode()
    assert 'id="dashboard-ledger-indicators"' in html
    rows = _rows(html, 'data-unit="A"')
    assert rows["ledger_information_items"] == ("5", "4", "ok")
    assert rows["ledger_books_match"][0] == "none"
    assert 'data-unit="B"' not in html  # another enterprise stays out of sight
    assert str(year) in html


def test_dashboard_of_the_district_shows_the_districts_figures(world, client_for):
    entry_at(world.ent_b, "union_finance", date=TODAY,
             data={"year": TODAY.year, "difference": "0.00", "independent_account": False})  # fmt: skip
    html = client_for(world.users["district"]).get(reverse("branches:dashboard")).content.decode()
    rows = _rows(html, 'data-unit="D"')
    assert rows["ledger_independent_account"] == ("0", "1", "not-ok")
    assert rows["ledger_books_match"] == ("1.0000", "1.00", "ok")
    assert rows["ledger_cadre_satisfaction"] == ("none", "0.80", "none")
    # The enterprise's own page has the same figures for it alone.
    page = client_for(world.users["district"]).get(reverse("branches:branch_detail", args=[world.ent_b.pk]))
    assert _rows(page.content.decode(), 'id="ledger-indicators"')["ledger_independent_account"][2] == "not-ok"


def test_the_new_kinds_forms_leave_out_the_computed_difference(world, client_for):
    client = client_for(world.users["officer"])
    url = f"{reverse('ledgers:entry_create')}?unit={world.ent_a.pk}&kind=union_finance"
    page = client.get(url).content.decode()
    assert 'name="book_value"' in page and 'name="independent_account"' in page
    assert 'name="difference"' not in page
    response = client.post(url, {"date": TODAY.isoformat(), "title": "年度财务清查", "year": TODAY.year,
                                 "book_value": "100", "counted_value": "100", "independent_account": "on"})  # fmt: skip
    assert response.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.data["difference"] == "0.00" and entry.data["independent_account"] is True
    detail = client.get(reverse("ledgers:entry_detail", args=[entry.pk])).content.decode()
    assert "差额" in detail


def test_each_participant_has_their_own_hours_and_role(world, client_for):
    client = client_for(world.users["officer"])
    post = {"date": TODAY.isoformat(), "title": "岗位练兵", "form": "drill", "hours": "4",
            "participants": [world.worker_a1.pk, world.worker_a2.pk]}  # fmt: skip
    # First save: every participant takes the session's hours.
    assert client.post(_create_url(world), post).status_code == 302
    entry = LedgerEntry.objects.get()
    assert sorted(entry.participants.values_list("hours", flat=True)) == [Decimal("4.0"), Decimal("4.0")]
    # The edit page has a row per participant, filled with their hours; one is changed, with a role.
    edit_url = reverse("ledgers:entry_edit", args=[entry.pk])
    page = client.get(edit_url).content.decode()
    assert 'id="participant-rows"' in page
    assert f'name="hours_{world.worker_a1.pk}"' in page and f'name="role_{world.worker_a2.pk}"' in page
    response = client.post(
        edit_url,
        {**post, "version": entry.version, f"hours_{world.worker_a1.pk}": "2.5",
         f"hours_{world.worker_a2.pk}": "4.0", f"role_{world.worker_a2.pk}": "教员"},
    )  # fmt: skip
    assert response.status_code == 302
    rows = {w: (h, r) for w, h, r in entry.participants.values_list("worker_id", "hours", "role")}
    assert rows == {world.worker_a1.pk: (Decimal("2.5"), ""), world.worker_a2.pk: (Decimal("4.0"), "教员")}


def test_a_participants_hours_out_of_range_or_step_are_refused_and_nothing_changes(world, client_for):
    client = client_for(world.users["officer"])
    entry = entry_at(world.branch_a1, "training", participants=[(world.worker_a1, Decimal("4"))])
    before = (entry.version, list(entry.participants.values_list("worker_id", "hours", "role")))
    edit_url = reverse("ledgers:entry_edit", args=[entry.pk])
    for bad in ("0.2", "201", "1.3", "x"):
        response = client.post(
            edit_url,
            {"date": "2026-03-01", "title": "岗位练兵", "form": "drill", "hours": "4", "version": entry.version,
             "participants": [world.worker_a1.pk], f"hours_{world.worker_a1.pk}": bad},
        )  # fmt: skip
        assert response.status_code == 200, bad
        assert f"hours_{world.worker_a1.pk}" in response.context["form"].errors, bad
        entry.refresh_from_db()
        assert (entry.version, list(entry.participants.values_list("worker_id", "hours", "role"))) == before


def test_a_role_kind_has_a_role_per_participant(world, client_for):
    client = client_for(world.users["officer"])
    url = _create_url(world, "culture_sports")
    post = {"date": TODAY.isoformat(), "title": "篮球赛", "form": "sports", "role": "队员",
            "participants": [world.worker_a1.pk, world.worker_a2.pk]}  # fmt: skip
    assert client.post(url, post).status_code == 302
    entry = LedgerEntry.objects.get()
    page = client.get(reverse("ledgers:entry_edit", args=[entry.pk])).content.decode()
    assert f'name="hours_{world.worker_a1.pk}"' not in page and f'name="role_{world.worker_a1.pk}"' in page
    client.post(
        reverse("ledgers:entry_edit", args=[entry.pk]),
        {**post, "version": entry.version, f"role_{world.worker_a1.pk}": "领队", f"role_{world.worker_a2.pk}": "队员"},
    )  # fmt: skip
    assert dict(entry.participants.values_list("worker_id", "role")) == {
        world.worker_a1.pk: "领队",
        world.worker_a2.pk: "队员",
    }


def test_the_form_puts_the_participants_rows_in_their_own_table(world):
    from ledgers import kinds
    from ledgers.forms import EntryForm

    data = {"participants": [str(world.worker_a1.pk), "x", str(world.worker_b1.pk)]}
    form = EntryForm(data, kind=kinds.get("training"), user=world.users["officer"], branch=world.branch_a1)
    names = [f.name for f in form.main_fields()]
    assert "participants" in names and "hours" in names
    assert not any(n.startswith(("hours_", "role_")) for n in names)
    # Only a worker of the unit's roster gets a row (not "x", not the other enterprise's worker).
    [(label, hours, role)] = form.participant_table()
    assert label.startswith("张三") and hours.name == f"hours_{world.worker_a1.pk}"
    assert role.name == f"role_{world.worker_a1.pk}"
