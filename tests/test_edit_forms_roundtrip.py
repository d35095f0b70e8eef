"""Saving an edit form exactly as the server rendered it changes nothing in the database.

Every edit page of every app (URL names ending in ``edit``) is loaded as a demo role allowed to
use it; its form is submitted with the values of the HTML (inputs, checked boxes, selected options,
textareas), as a browser would; the row must be unchanged except its version and timestamps. A
date rendered in a shape ``<input type="date">`` cannot show would come back empty and fail here.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.forms.models import model_to_dict
from django.urls import get_resolver, reverse

from assessment.models import Standard
from branches.models import Branch, LeadershipGroup, Term, Worker
from hardship.models import Application, Campaign
from ledgers.models import LedgerEntry
from unionhome import permissions
from unionhome.models import User

# The edit counters a save raises (`version`; `edits` of a standard, whose `version` is its revision)
IGNORED = {"version", "edits", "updated_at"}


class _Forms(HTMLParser):
    """The POST forms of a page: each a list of (name, value) pairs a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self._form = None
        self._select = None
        self._select_first = None
        self._select_chosen = False
        self._option = None
        self._textarea = None
        self._submitted = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form, self._submitted = [], False
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.append((name, a.get("value", "on")))
            elif kind == "submit":
                if not self._submitted:
                    self._form.append((name, a.get("value", "")))
                    self._submitted = True
            elif kind == "date":
                # A browser's value sanitisation: anything but YYYY-MM-DD becomes empty.
                value = a.get("value", "")
                self._form.append((name, value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else ""))
            elif kind not in ("file", "button", "reset", "image"):
                self._form.append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value")
            self._option = {"value": value, "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value = (
                self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
            )
            if self._select_first is None:
                self._select_first = value
            if self._option["selected"]:
                self._form.append((self._select, value))
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self._form.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form.append((name, unescape(text[1:] if text.startswith("\n") else text)))
            self._textarea = None
        elif tag == "form":
            self._form = None


def post_as_rendered(client, url):
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _Forms()
    parser.feed(page.content.decode())
    form = max(parser.forms, key=len)  # the edit form, not the logout button
    data: dict[str, list[str]] = {}
    for name, value in form:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


def row(obj) -> dict:
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in IGNORED}


def _users(*names):
    return [User.objects.get(username=n) for n in names]


def _cases():
    officer, district, admin = _users("officer", "district", "admin")
    e01 = Branch.objects.get(code="E01")
    workers = Worker.objects.filter(branch__path__startswith=e01.path)
    cases = []
    # members with membership dates, a non-member, one with a membership status date
    picks = [
        workers.filter(is_member=True, member_since__isnull=False).first(),
        workers.filter(is_member=False).first(),
        workers.exclude(membership_status_on=None).first(),
        workers.exclude(hire_date=None).order_by("-pk").first(),
    ]
    for worker in {w.pk: w for w in picks if w}.values():
        cases.append(("branches:worker_edit", {"pk": worker.pk}, worker, [officer]))
    term = Term.objects.filter(committee__branch__path__startswith=e01.path).first()
    cases.append(("branches:term_edit", {"pk": term.pk}, term, [officer, admin]))
    group = LeadershipGroup.objects.filter(branch__path__startswith=e01.path).first()
    cases.append(("branches:leadership_edit", {"pk": group.branch_id}, group, [officer, admin]))
    campaign = Campaign.objects.first()
    cases.append(("hardship:campaign_edit", {"pk": campaign.pk}, campaign, [district, admin]))
    open_ones = Application.objects.filter(state__in=["draft", "returned"])
    application = next(
        a
        for a in open_ones
        for u in (officer, district)
        if permissions.allowed(u, "hardship.enter_on_paper", a)
    )
    cases.append(("hardship:application_edit", {"pk": application.pk}, application, [officer, district]))
    worker_user = User.objects.get(username="worker")
    own = Application.objects.filter(worker=worker_user.worker, state__in=["draft", "returned"]).first()
    if own is None:  # the demo's worker has no open application: a draft of their own
        own = Application.objects.filter(state__in=["draft", "returned"]).first()
        worker_user.worker = own.worker
        worker_user.save(update_fields=["worker"])
    cases.append(("hardship_portal:edit", {"pk": own.pk}, own, [worker_user]))
    standard = Standard.objects.first()
    cases.append(("assessment:standard_edit", {"pk": standard.pk}, standard, [district, admin]))
    for kind in ("hidden_danger", "training", "mutual_aid_fund", "yearly_plan"):
        entry = LedgerEntry.objects.filter(kind=kind, branch__path__startswith=e01.path).first()
        cases.append(("ledgers:entry_edit", {"pk": entry.pk}, entry, [officer]))
    return cases


def _edit_url_names() -> set[str]:
    names = set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        for name in resolver.reverse_dict:
            if isinstance(name, str) and name.endswith("edit"):
                names.add(f"{namespace}:{name}")
    return names


@pytest.mark.django_db
def test_every_edit_page_is_covered(demo_data):
    covered = {case[0] for case in _cases()}
    assert _edit_url_names() <= covered, _edit_url_names() - covered


@pytest.mark.django_db
def test_saving_an_edit_form_unchanged_changes_nothing(demo_data, client):
    checked = []
    for url_name, kwargs, obj, users in _cases():
        url = reverse(url_name, kwargs=kwargs)
        user = next(u for u in users if (client.force_login(u) or client.get(url).status_code == 200))
        before = row(obj)
        members = (
            [model_to_dict(m, exclude=["id", "application"]) for m in obj.members.order_by("pk")]
            if isinstance(obj, Application)
            else None
        )
        response = post_as_rendered(client, url)
        assert response.status_code == 302, (url_name, user, response.content.decode()[-3000:])
        assert row(obj) == before, url_name
        if members is not None:
            assert [
                model_to_dict(m, exclude=["id", "application"]) for m in obj.members.order_by("pk")
            ] == members
        checked.append(url_name)
    assert "branches:worker_edit" in checked
