"""Permission table of the hardship pages (docs/PERMISSIONS.md, "Hardship")."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from hardship.models import HardshipFile, Upload, WorkerObjection
from tests.hardship.factories import application_in, campaign_for, open_file_for
from tests.permission_table import Entry, office, portal

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _campaign(w):
    return campaign_for(w.district)


def _app(w, state="submitted", **kwargs):
    return application_in(_campaign(w), w.worker_a1, state, **kwargs)


def _app_pk(state="submitted", **kwargs):
    return lambda w: {"pk": _app(w, state, **kwargs).pk}


def _upload(w):
    application = _app(w)
    upload = Upload.objects.filter(application=application).first()
    if upload is None:
        upload = Upload(
            application=application,
            kind="id_copy",
            extension="png",
            original_name="id.png",
            content_type="image/png",
            size=len(PNG),
        )
        upload.file.save("id.png", ContentFile(PNG), save=False)
        upload.save()
    return {"pk": application.pk, "upload_pk": upload.pk}


def _file(w, status="open"):
    file = open_file_for(w.worker_a1)
    if status == "closed":
        HardshipFile.objects.filter(pk=file.pk).update(
            status="closed", closed_on=dt.date(2026, 1, 1), closed_reason="脱困"
        )
    return {"pk": file.pk}


def _on_notice_of_a2(w):
    """李四's application on the notice of 甲企业 (张三, the portal's worker, may object to it)."""
    return application_in(_campaign(w), w.worker_a2, "on_notice")


def _received(w):
    """An objection 张三 sent to 李四's notice entry, not yet handled."""
    return WorkerObjection.objects.get_or_create(
        application=_on_notice_of_a2(w), objector=w.worker_a1, defaults={"reason": "家中有商铺出租"}
    )[0]


def _ent(w):
    return {"pk": _campaign(w).pk, "enterprise_pk": w.ent_a.pk}


def _campaign_pk(w):
    return {"pk": _campaign(w).pk}


def _status_data(w):
    return {"on": "2026-12-01", "reason": "家庭脱困"}


DISTRICT_ONLY = office(branch=403, officer=403, officer_b=403)
POST_DISTRICT = office(branch=403, officer=403, officer_b=403, district=302, admin=302)
APP_VIEW = office(officer_b=404, district=404)  # before the report the district does not see it
APP_OFFICER_POST = office(branch=403, officer=302, officer_b=404, district=404, admin=302)
ENTERPRISE_A = office(officer_b=404)
REPORT = office(branch=403, officer_b=404)
FILE_MANAGE = office(branch=403, officer=302, officer_b=404, district=403, admin=302)
RECEIVED_POST = office(branch=404, officer=302, officer_b=404, district=404, admin=302)
FILE_CLOSE = office(branch=403, officer=403, officer_b=404, district=302, admin=302)

TABLE = {
    "hardship:index": Entry(expect=office()),
    "hardship:campaign_create": Entry(expect=DISTRICT_ONLY),
    "hardship:campaign_detail": Entry(kwargs=_campaign_pk, expect=office()),
    "hardship:campaign_edit": Entry(kwargs=_campaign_pk, expect=DISTRICT_ONLY),
    "hardship:campaign_close": Entry(kwargs=_campaign_pk, method="post", expect=POST_DISTRICT),
    "hardship:campaign_reopen": Entry(kwargs=_campaign_pk, method="post", expect=POST_DISTRICT),
    "hardship:balance": Entry(kwargs=_campaign_pk, expect=DISTRICT_ONLY),
    "hardship:balance_xlsx": Entry(kwargs=_campaign_pk, expect=DISTRICT_ONLY),
    "hardship:balance_decide": Entry(kwargs=_campaign_pk, method="post", expect=POST_DISTRICT),
    "hardship:notice": Entry(kwargs=_ent, expect=ENTERPRISE_A),
    "hardship:notice_pdf": Entry(kwargs=_ent, expect=ENTERPRISE_A),
    "hardship:report_pdf": Entry(kwargs=_ent, expect=REPORT),
    "hardship:report_xlsx": Entry(kwargs=_ent, expect=REPORT),
    # nothing has ended its notice yet: the officer is told so (302 with a message)
    "hardship:report_submit": Entry(
        kwargs=_ent,
        method="post",
        expect=office(branch=403, officer=302, officer_b=404, district=403, admin=302),
    ),
    "hardship:paper_new": Entry(expect=office(district=403)),
    "hardship:application_detail": Entry(kwargs=_app_pk(), expect=APP_VIEW),
    "hardship:application_edit": Entry(kwargs=_app_pk("draft", paper=True), expect=APP_VIEW),
    "hardship:application_act": Entry(
        kwargs=_app_pk(), method="post", data=lambda w: {"action": "approve"}, expect=APP_OFFICER_POST
    ),
    "hardship:application_objection": Entry(
        kwargs=_app_pk("on_notice"),
        method="post",
        data=lambda w: {"received_on": timezone.localdate().isoformat(), "content": "收入不实"},
        expect=APP_OFFICER_POST,
    ),
    "hardship:application_resolve": Entry(
        kwargs=_app_pk("objected"),
        method="post",
        data=lambda w: {"upheld": "0", "resolution": "经核实无误"},
        expect=APP_OFFICER_POST,
    ),
    "hardship:application_relief": Entry(
        kwargs=_app_pk("district_approved"), expect=office(branch=403, officer=403, officer_b=404)
    ),
    "hardship:application_upload": Entry(
        kwargs=_app_pk("draft", paper=True),
        method="post",
        expect=office(branch=302, officer=302, officer_b=404, district=404, admin=302),
    ),
    "hardship:upload_download": Entry(kwargs=_upload, expect=APP_VIEW),
    "hardship:attachment1_pdf": Entry(kwargs=_app_pk(), expect=APP_VIEW),
    "hardship:attachment1_xlsx": Entry(kwargs=_app_pk(), expect=APP_VIEW),
    "hardship:files": Entry(expect=office()),
    "hardship:file_open": Entry(expect=office(branch=403, district=403)),
    "hardship:file_detail": Entry(kwargs=_file, expect=office(officer_b=404)),
    "hardship:file_help": Entry(
        kwargs=_file,
        method="post",
        data=lambda w: {"on": "2026-12-01", "form": "goods", "amount": "300", "note": "米面油"},
        expect=FILE_MANAGE,
    ),
    "hardship:file_review": Entry(
        kwargs=_file,
        method="post",
        data=lambda w: {"on": "2026-12-01", "situation": "好转"},
        expect=FILE_MANAGE,
    ),
    "hardship:file_close": Entry(kwargs=_file, method="post", data=_status_data, expect=FILE_CLOSE),
    "hardship:file_reopen": Entry(
        kwargs=lambda w: _file(w, "closed"), method="post", data=_status_data, expect=FILE_CLOSE
    ),
    "hardship:access_log": Entry(expect=office(branch=403)),
    # objections workers sent: who objected is the enterprise union's officers' alone
    "hardship:worker_objections": Entry(expect=office(branch=403, district=403)),
    "hardship:worker_objection_record": Entry(
        kwargs=lambda w: {"pk": _received(w).pk}, method="post", expect=RECEIVED_POST
    ),
    "hardship:worker_objection_dismiss": Entry(
        kwargs=lambda w: {"pk": _received(w).pk},
        method="post",
        data=lambda w: {"reason": "经核实，租金已计入家庭收入"},
        expect=RECEIVED_POST,
    ),
    # the portal: the worker's own application only
    "hardship_portal:index": Entry(expect=portal()),
    "hardship_portal:notices": Entry(expect=portal()),
    "hardship_portal:object": Entry(kwargs=lambda w: {"pk": _on_notice_of_a2(w).pk}, expect=portal()),
    "hardship_portal:apply": Entry(
        kwargs=lambda w: {"campaign_pk": _campaign(w).pk}, method="post", expect=portal(worker=302)
    ),
    "hardship_portal:detail": Entry(kwargs=_app_pk(), expect=portal()),
    "hardship_portal:edit": Entry(kwargs=_app_pk("draft"), expect=portal()),
    "hardship_portal:act": Entry(
        kwargs=_app_pk("draft"),
        method="post",
        data=lambda w: {"action": "withdraw"},
        expect=portal(worker=302),
    ),
    "hardship_portal:upload": Entry(kwargs=_app_pk("draft"), method="post", expect=portal(worker=302)),
    "hardship_portal:download": Entry(kwargs=_upload, expect=portal()),
    "hardship_portal:upload_delete": Entry(
        kwargs=lambda w: {"pk": _app(w, "draft").pk, "upload_pk": _upload_on_draft(w)},
        method="post",
        expect=portal(worker=302),
    ),
}


def _upload_on_draft(w):
    application = _app(w, "draft")
    upload = Upload(
        application=application,
        kind="bills",
        extension="png",
        original_name="bill.png",
        content_type="image/png",
        size=len(PNG),
    )
    upload.file.save("bill.png", ContentFile(PNG), save=False)
    upload.save()
    return upload.pk


def _no_object(w):
    return None


# The named permission (hardship/permissions.py) that decides each URL inside the reader's scope,
# with the object it is asked about: where the table above says 403 for a role the page admits,
# the permission refuses that role, and where it says 200 or 302 the permission grants it.
NAMED = {
    "hardship:campaign_create": ("hardship.create_campaign", _no_object),
    "hardship:campaign_edit": ("hardship.manage_campaign", _campaign),
    "hardship:campaign_close": ("hardship.manage_campaign", _campaign),
    "hardship:campaign_reopen": ("hardship.manage_campaign", _campaign),
    "hardship:balance": ("hardship.manage_campaign", _campaign),
    "hardship:balance_xlsx": ("hardship.manage_campaign", _campaign),
    "hardship:balance_decide": ("hardship.manage_campaign", _campaign),
    "hardship:report_pdf": ("hardship.read_report", lambda w: w.ent_a),
    "hardship:report_xlsx": ("hardship.read_report", lambda w: w.ent_a),
    "hardship:report_submit": ("hardship.report_enterprise", lambda w: w.ent_a),
    "hardship:paper_new": ("hardship.start_paper_application", _no_object),
    "hardship:application_edit": ("hardship.enter_on_paper", lambda w: _app(w, "draft", paper=True)),
    "hardship:application_upload": ("hardship.enter_on_paper", lambda w: _app(w, "draft", paper=True)),
    "hardship:application_act": ("hardship.review_application", _app),
    "hardship:application_objection": ("hardship.review_application", lambda w: _app(w, "on_notice")),
    "hardship:application_resolve": ("hardship.review_application", lambda w: _app(w, "objected")),
    "hardship:application_relief": ("hardship.decide_reported", lambda w: _app(w, "district_approved")),
    "hardship:file_help": ("hardship.manage_file", lambda w: open_file_for(w.worker_a1)),
    "hardship:file_review": ("hardship.manage_file", lambda w: open_file_for(w.worker_a1)),
    "hardship:file_close": ("hardship.close_file", lambda w: open_file_for(w.worker_a1)),
    "hardship:file_reopen": ("hardship.close_file", lambda w: open_file_for(w.worker_a1)),
    "hardship:access_log": ("hardship.see_access_log", _no_object),
    "hardship_portal:notices": ("hardship.read_notices", _no_object),
    "hardship_portal:object": ("hardship.object_to_notice", _on_notice_of_a2),
    "hardship:worker_objections": ("hardship.handle_worker_objections", _no_object),
}
