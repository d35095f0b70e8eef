"""The audit trail and the access log of the whole demo, rendered as the pages render them: no Python
dump (``{'``, None, True, False), no action code, no English detail, logins never shown for names."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from unionhome import paging, records
from unionhome.models import AuditEvent

DUMPS = ("{'", "None", "True", "False", "[{", "Decimal(")


def _table(html: str) -> str:
    return html[html.index("<table") : html.rindex("</table>")]


def _render(template: str, rows, admin) -> str:
    request = RequestFactory().get("/")
    request.user = admin
    page = paging.Page(object_list=list(rows), has_next=False, has_previous=False, start=1, total=len(rows))
    return render_to_string(
        template, {"rows": rows, "page": page, "filters": records.Filters(), "query": ""}, request=request
    )


@pytest.mark.django_db
def test_the_whole_demo_trail_reads_as_sentences(demo_data, django_user_model):
    admin = django_user_model.objects.filter(is_superuser=True).first() or django_user_model.objects.create(
        username="root-reader", is_superuser=True, is_staff=True
    )
    events = list(AuditEvent.objects.order_by("pk"))
    assert len(events) > 50
    table = _table(_render("records/audit_trail.html", records.present_events(events), admin))
    for dump in DUMPS:
        assert dump not in table, dump
    codes = {e.action for e in events}
    shown_codes = [c for c in codes if re.search(rf"[>\s]{re.escape(c)}[<\s]", table)]
    assert not shown_codes
    assert "其他变更" not in table  # every action the demo writes has its own label


class _AnyValue(dict):
    def __missing__(self, key):
        return "7"


def test_every_access_log_detail_reads_in_chinese():
    keys = records.detail_keys()
    assert len(keys) > 10
    for key in keys:
        text = records.detail_text(key, _AnyValue(any="7"))
        assert text != key and "%(" not in text, key
        assert not re.search(r"[A-Za-z]{3,}", re.sub(r"PDF|xlsx|Excel", "", text)), (key, text)
