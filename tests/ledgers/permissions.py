"""Permission table of the work-ledger pages (docs/PERMISSIONS.md, "Work ledgers")."""

from tests.ledgers.factories import attachment_of, entry_at
from tests.permission_table import Entry, office, portal


def _entry(w):
    return entry_at(w.branch_a1, participants=[(w.worker_a1, 4)])


def _entry_pk(w):
    return {"pk": _entry(w).pk}


def _attachment(w):
    entry = _entry(w)
    return {"pk": entry.pk, "attachment_pk": attachment_of(entry).pk}


READ = office(officer_b=404)
KEEP = office(officer_b=404, district=403)
KEEP_POST = office(branch=302, officer=302, officer_b=404, district=403, admin=302)

TABLE = {
    "ledgers:index": Entry(expect=office()),
    "ledgers:entry_create": Entry(expect=office(district=403)),
    "ledgers:export": Entry(expect=office(), query="?kind=training&year=2026"),
    "ledgers:entry_detail": Entry(kwargs=_entry_pk, expect=READ),
    "ledgers:entry_edit": Entry(kwargs=_entry_pk, expect=KEEP),
    "ledgers:entry_delete": Entry(kwargs=_entry_pk, method="post", expect=KEEP_POST),
    "ledgers:attachment_add": Entry(kwargs=_entry_pk, method="post", expect=KEEP_POST),
    "ledgers:attachment_download": Entry(kwargs=_attachment, expect=READ),
    "ledgers:attachment_delete": Entry(kwargs=_attachment, method="post", expect=KEEP_POST),
    "ledgers_portal:home": Entry(expect=portal()),
}
