"""Permission table of the assessment pages (docs/PERMISSIONS.md, "Assessment").

Objects are made lazily from the world so that the shared crawler stays independent.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from tests.permission_table import Entry, office, portal

PDF = b"%PDF-1.4\n%%EOF\n"


def _standard(w, level="small_home"):
    from assessment import services
    from assessment.models import Standard
    from tests.assessment.conftest import home_spec, small_spec

    code = "small" if level == "small_home" else "home"
    return Standard.objects.filter(code=code).first() or services.standard_save(
        actor=w.users["district"], spec=small_spec() if code == "small" else home_spec()
    )


def _assessment(w, unit="branch_a1", state="draft"):
    from assessment import services
    from assessment.models import Assessment

    branch = getattr(w, unit)
    found = Assessment.objects.filter(branch=branch).first()
    if found:
        return found
    level = "home" if unit == "ent_a" else "small_home"
    a = services.assessment_create(
        actor=w.users["admin"],
        branch=branch,
        standard=_standard(w, level),
        period_kind="annual",
        year=2026,
    )
    Assessment.objects.filter(pk=a.pk).update(state=state)
    return a


def _evidence(w):
    from assessment.models import Evidence

    a = _assessment(w)
    e = Evidence.objects.filter(assessment=a).first()
    if e is None:
        e = Evidence(assessment=a, item=a.scores.first().item, original_name="台账.pdf",
                     content_type="application/pdf", size=len(PDF), uploaded_by=w.users["branch"])  # fmt: skip
        e.file.save("e.pdf", ContentFile(PDF), save=False)
        e.save()
    return e


def _round(w):
    from assessment.models import EvaluationRound

    return EvaluationRound.objects.get_or_create(branch=w.ent_a, year=2026, name="2026年会员评家")[0]


def _title(w):
    """A model-small-home title of branch A1, awarded and not yet filed."""
    import datetime as dt

    from assessment.models import Assessment, TitleAward

    found = TitleAward.objects.filter(branch=w.branch_a1).first()
    if found:
        return found
    a = _assessment(w)
    Assessment.objects.filter(pk=a.pk).update(state="accepted", rating="meets", vetoed=False, total=100)
    return TitleAward.objects.create(
        branch=w.branch_a1, title="model_small_home", level="enterprise", year=2026,
        awarded_on=dt.date(2026, 12, 1), decided_by="甲企业工会", assessment=a, recheck_due=dt.date(2027, 12, 31),
    )  # fmt: skip


def _veto(w):
    a = _assessment(w, "ent_a", "self_scored")
    return {"pk": a.pk, "rule": a.standard.veto_rules.first().pk}


# The named predicates of assessment/permissions.py, role by role (docs/PERMISSIONS.md, "Assessment"):
# name → [(object built from the world, roles allowed)]. tests/assessment/test_workflow.py asks
# each name for each role through unionhome.permissions.allowed, as services, views and templates do.


def _a(unit, state="draft"):
    def build(w):
        from assessment.models import Assessment

        return Assessment(branch=getattr(w, unit), state=state)

    return build


def _unit(unit):
    return lambda w: getattr(w, unit)


def _round_of(unit):
    def build(w):
        from assessment.models import EvaluationRound

        return EvaluationRound(branch=getattr(w, unit), year=2026, name="评家")

    return build


def _title_of(unit):
    def build(w):
        from assessment.models import TitleAward

        return TitleAward(branch=getattr(w, unit), title="model_small_home", level="enterprise")

    return build


def _nothing(w):
    return None


PREDICATES = {
    # the workflow's steps, by kind of unit assessed: group, branch, enterprise
    "assessment.self_check": [
        (_a("group_a1"), {"branch", "admin"}),
        (_a("branch_a1"), {"branch", "admin"}),
        (_a("ent_a"), {"officer", "admin"}),
    ],
    "assessment.review": [
        (_a("group_a1"), {"branch", "officer", "admin"}),  # the branch officer strictly above it
        (_a("branch_a1"), {"officer", "admin"}),
        (_a("ent_a"), {"district", "admin"}),
    ],
    "assessment.accept": [
        (_a("group_a1"), {"officer", "admin"}),
        (_a("branch_a1"), {"officer", "admin"}),
        (_a("ent_a"), {"district", "admin"}),
    ],
    "assessment.take_part": [
        (_a("branch_a1"), {"branch", "officer", "admin"}),
        (_a("ent_a", "self_scored"), {"officer", "district", "admin"}),
    ],
    # scores and evidence: the unit while draft or returned, the reviewer while self-scored
    "assessment.score_own": [
        (_a("branch_a1", "draft"), {"branch", "admin"}),
        (_a("branch_a1", "returned"), {"branch", "admin"}),
        (_a("branch_a1", "self_scored"), set()),
    ],
    "assessment.score_as_reviewer": [
        (_a("branch_a1", "draft"), set()),
        (_a("branch_a1", "self_scored"), {"officer", "admin"}),
        (_a("branch_a1", "reviewed"), set()),
    ],
    "assessment.upload_evidence": [
        (_a("branch_a1", "draft"), {"branch", "admin"}),
        (_a("branch_a1", "self_scored"), {"officer", "admin"}),
        (_a("branch_a1", "accepted"), set()),
    ],
    "assessment.confirm_veto": [(_a("ent_a", "self_scored"), {"district", "admin"})],
    "assessment.contest_veto": [(_a("ent_a", "self_scored"), {"officer", "admin"})],
    "assessment.open_assessment": [
        (_unit("branch_a1"), {"branch", "officer", "admin"}),
        (_unit("ent_a"), {"officer", "district", "admin"}),
        (_unit("district"), set()),  # the federation itself is never assessed
        (_nothing, {"branch", "officer", "officer_b", "district", "admin"}),  # some unit
    ],
    "assessment.award_title": [
        (_unit("branch_a1"), {"officer", "admin"}),  # small homes: the enterprise union
        (_unit("ent_a"), {"district", "admin"}),  # homes: the federation
        (_title_of("branch_a1"), {"officer", "admin"}),  # its re-check: the level that awarded it
    ],
    # filing (备案) with the higher union: the federation above the unit
    "assessment.file_title": [
        (_title_of("branch_a1"), {"district", "admin"}),
        (_title_of("ent_a"), {"district", "admin"}),
    ],
    "assessment.manage_standards": [(_nothing, {"district", "admin"})],
    "assessment.manage_evaluation_round": [
        (_round_of("ent_a"), {"officer", "admin"}),
        (_unit("branch_a1"), {"officer", "admin"}),
    ],
    "assessment.answer_evaluation": [(_round_of("ent_a"), {"worker"}), (_round_of("ent_b"), set())],
}

district_only = office(branch=403, officer=403, officer_b=403)
a1 = office(officer_b=404)  # branch A1: in scope of branch, officer, district; outside officer_b's

TABLE = {
    "assessment:index": Entry(expect=office()),
    "assessment:overview": Entry(expect=office()),
    "assessment:assessment_create": Entry(expect=office()),
    "assessment:assessment_detail": Entry(kwargs=lambda w: {"pk": _assessment(w).pk}, expect=a1),
    "assessment:assessment_pdf": Entry(kwargs=lambda w: {"pk": _assessment(w).pk}, expect=a1),
    "assessment:assessment_xlsx": Entry(kwargs=lambda w: {"pk": _assessment(w).pk}, expect=a1),
    # the branch scores its own draft (then back to the page); the reviewer may not yet
    "assessment:assessment_score": Entry(
        method="post",
        kwargs=lambda w: {"pk": _assessment(w).pk},
        expect=office(branch=302, officer=302, officer_b=404, district=403, admin=302, worker=403),
    ),
    # submitting an unscored draft: refused with a message for the unit, 403 for the others
    "assessment:assessment_transition": Entry(
        method="post",
        kwargs=lambda w: {"pk": _assessment(w).pk},
        data=lambda w: {"action": "submit", "state": "draft"},
        expect=office(branch=302, officer=403, officer_b=404, district=403, admin=302),
    ),
    "assessment:veto_confirm": Entry(
        method="post",
        kwargs=_veto,
        data=lambda w: {"vetoed": "0", "comment": "现场查阅"},
        expect=office(branch=404, officer=403, officer_b=404, district=302, admin=302),
    ),
    # the enterprise contests a veto of its own assessment (a message when none applies); the
    # federation, who sets the flags, does not contest them
    "assessment:veto_contest": Entry(
        method="post",
        kwargs=_veto,
        data=lambda w: {"reason": "已整改"},
        expect=office(branch=404, officer=302, officer_b=404, district=403, admin=302),
    ),
    # no file: a message and back to the page for those who may upload
    "assessment:evidence_upload": Entry(
        method="post",
        kwargs=lambda w: {"pk": _assessment(w).pk},
        expect=office(branch=302, officer=302, officer_b=404, district=403, admin=302),
    ),
    "assessment:evidence_download": Entry(kwargs=lambda w: {"pk": _evidence(w).pk}, expect=a1),
    "assessment:standard_list": Entry(expect=office()),
    "assessment:standard_detail": Entry(kwargs=lambda w: {"pk": _standard(w).pk}, expect=office()),
    "assessment:standard_create": Entry(expect=district_only),
    "assessment:standard_import": Entry(expect=district_only),
    "assessment:standard_edit": Entry(kwargs=lambda w: {"pk": _standard(w).pk}, expect=district_only),
    "assessment:standard_export": Entry(kwargs=lambda w: {"pk": _standard(w).pk}, expect=district_only),
    "assessment:unit": Entry(kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=a1),
    # small homes: the union officer awards; enterprises: the district
    "assessment:title_award": Entry(
        kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=office(branch=403, officer_b=404, district=403)
    ),
    # filing a title: the federation (then back to the unit's page); the enterprise may not
    "assessment:title_file": Entry(
        method="post",
        kwargs=lambda w: {"pk": _title(w).pk},
        data=lambda w: {"state": "awarded", "note": "备案"},
        expect=office(branch=403, officer=403, officer_b=404, district=302, admin=302),
    ),
    # renewing a title on a re-check: the level that awarded it
    "assessment:title_recheck": Entry(
        kwargs=lambda w: {"pk": _title(w).pk}, expect=office(branch=403, officer_b=404, district=403)
    ),
    "assessment:overview_export": Entry(expect=office()),
    "assessment:commendation": Entry(expect=office()),
    "assessment:round_list": Entry(expect=office()),
    "assessment:round_detail": Entry(
        kwargs=lambda w: {"pk": _round(w).pk}, expect=office(branch=404, officer_b=404)
    ),
    "assessment:round_close": Entry(
        method="post",
        kwargs=lambda w: {"pk": _round(w).pk},
        expect=office(branch=404, officer=302, officer_b=404, district=403, admin=302),
    ),
    "assessment_portal:rounds": Entry(expect=portal()),
    "assessment_portal:answer": Entry(kwargs=lambda w: {"pk": _round(w).pk}, expect=portal()),
}
