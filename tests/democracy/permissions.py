"""Permission table of democratic management (docs/PERMISSIONS.md, "Democracy" rows).

Objects belong to enterprise A (the `officer`'s); `officer_b` is outside them (404), the branch
officer of A1 may view A's congress records but not manage them (403), the district reviewer views
all and only flags petitions.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from democracy.models import (
    Clause,
    Contract,
    CoSigner,
    Disclosure,
    EvaluationRound,
    Leader,
    Petition,
    Proposal,
    Resolution,
    Session,
    Survey,
    SurveyAnswer,
)
from tests.democracy.conftest import make_session, make_term
from tests.permission_table import Entry, office, portal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _term(w):
    return {"pk": make_term(w).pk}


def _session(w):
    return {"pk": make_session(w).pk}


def _open_session(w):
    s = make_session(w, portal_voting=True)
    Session.objects.filter(pk=s.pk).update(status=Session.Status.OPEN)
    return s


def _resolution(w, voting_open=True):
    s = _open_session(w)
    r, _ = Resolution.objects.get_or_create(
        session=s, title="食堂改造方案", defaults={"text": "同意", "method": "portal", "voting_open": voting_open,
                                                 "representatives_total": 6},
    )  # fmt: skip
    return r


def _proposal(w, proposer=None):
    make_term(w)
    proposer = proposer or w.worker_a1
    p, _ = Proposal.objects.get_or_create(
        title=f"提案-{proposer.pk}",
        defaults={"enterprise": w.ent_a, "branch": proposer.branch, "kind": "proposal", "proposer": proposer,
                  "content": "增设班车"},
    )  # fmt: skip
    return p


def _answered_proposal(w):
    p = _proposal(w)
    Proposal.objects.filter(pk=p.pk).update(state="answered", answer="已办理", ever_accepted=True)
    return {"pk": p.pk}


def _accepted_proposal(w):
    p = _proposal(w)
    for rep in make_term(w).representatives.exclude(worker=w.worker_a1)[:2]:
        CoSigner.objects.get_or_create(proposal=p, worker=rep.worker)
    return {"pk": p.pk}


def _round(w):
    r, created = EvaluationRound.objects.get_or_create(
        session=make_session(w), title="年度评议", defaults={"is_open": True}
    )
    if created:
        Leader.objects.create(round=r, name="王经理", position="总经理")
    return {"pk": r.pk}


def _disclosure(w, audience=None):
    d = Disclosure.objects.filter(title="工资调整").first()
    if d is None:
        d = Disclosure(enterprise=w.ent_a, audience=audience or w.branch_a1, category="wages", title="工资调整",
                       content="调整方案", disclosed_on=dt.date(2026, 3, 1), published=True)  # fmt: skip
        d.attachment.save("wages.pdf", ContentFile(PDF), save=False)
        d.save()
    return {"pk": d.pk}


def _draft_disclosure(w):
    d, _ = Disclosure.objects.get_or_create(
        title="福利草稿", defaults={"enterprise": w.ent_a, "audience": w.ent_a, "category": "welfare",
                                 "content": "x", "disclosed_on": dt.date(2026, 3, 1)},
    )  # fmt: skip
    return {"pk": d.pk}


def _survey(w):
    s, _ = Survey.objects.get_or_create(enterprise=w.ent_a, year=timezone.localdate().year, title="测评")
    return {"pk": s.pk}


def _closed_survey(w):
    """A closed survey with enough answers for its results to show (unionhome.answer_once)."""
    s, created = Survey.objects.get_or_create(
        enterprise=w.ent_a, year=timezone.localdate().year, title="已结束的测评", defaults={"is_open": False}
    )
    if created:
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(survey=s, knows=True, satisfaction="satisfied", branch=w.branch_a2)
                for _ in range(5)
            ]
        )
    return {"pk": s.pk}


def _contract(w, published=False):
    c, created = Contract.objects.get_or_create(
        enterprise=w.ent_a, title="集体合同",
        defaults={"kind": "collective", "parties": "甲企业 甲企业工会", "signed_on": dt.date(2025, 1, 1),
                  "starts_on": dt.date(2025, 1, 1), "ends_on": dt.date(2027, 12, 31), "published": published},
    )  # fmt: skip
    if created:
        Clause.objects.create(contract=c, number=1, text="工资按月足额发放")
    return {"pk": c.pk}


def _petition(w):
    p, _ = Petition.objects.get_or_create(
        enterprise=w.ent_a, subject="欠薪", defaults={"kind": "visit", "received_on": dt.date(2026, 5, 1),
                                                      "petitioner": "职工代表"},
    )  # fmt: skip
    return {"pk": p.pk}


LIST = office()
CREATE = office(branch=403, district=403)
SUBTREE_CREATE = office(district=403)
DETAIL = office(officer_b=404)
MANAGE = office(officer_b=404, branch=403, district=403)
POST_MANAGE = {"anonymous": 302, "worker": 403, "branch": 403, "officer": 302, "officer_b": 404,
               "district": 403, "admin": 302}  # fmt: skip
POST_FLAG = {**POST_MANAGE, "officer": 403, "district": 302}  # a veto fact: the federation's
PORTAL_POST = portal(worker=302)

TABLE = {
    "democracy:overview": Entry(expect=LIST),
    "democracy:term_list": Entry(expect=LIST),
    "democracy:term_create": Entry(expect=CREATE),
    "democracy:term_detail": Entry(kwargs=_term, expect=DETAIL),
    "democracy:representative_add": Entry(kwargs=_term, expect=MANAGE),
    "democracy:representatives_export": Entry(kwargs=_term, expect=DETAIL),
    "democracy:training_add": Entry(kwargs=_term, expect=MANAGE),
    "democracy:session_list": Entry(expect=LIST),
    "democracy:session_create": Entry(expect=CREATE),
    "democracy:session_detail": Entry(kwargs=_session, expect=DETAIL),
    "democracy:agenda_add": Entry(
        kwargs=_session,
        method="post",
        data=lambda w: {"power": "reports", "title": "工作报告"},
        expect=POST_MANAGE,
    ),
    "democracy:signin": Entry(kwargs=_session, expect=MANAGE),
    "democracy:session_open": Entry(kwargs=_session, method="post", expect=POST_MANAGE),
    "democracy:session_close": Entry(
        kwargs=lambda w: {"pk": _open_session(w).pk}, method="post", expect=POST_MANAGE
    ),
    "democracy:resolution_add": Entry(
        kwargs=lambda w: {"pk": _open_session(w).pk},
        method="post",
        data=lambda w: {"title": "决议", "text": "x", "votes_for": 0, "votes_against": 0, "votes_abstain": 0},
        expect=POST_MANAGE,
    ),
    "democracy:resolution_vote_open": Entry(
        kwargs=lambda w: {"pk": _open_session(w).pk},
        method="post",
        data=lambda w: {"title": "方案", "text": "x"},
        expect=POST_MANAGE,
    ),
    "democracy:minutes_pdf": Entry(kwargs=_session, expect=DETAIL),
    "democracy:resolution_close": Entry(
        kwargs=lambda w: {"pk": _resolution(w).pk}, method="post", expect=POST_MANAGE
    ),
    "democracy:resolution_publish": Entry(
        kwargs=lambda w: {"pk": _resolution(w).pk}, method="post", expect=POST_MANAGE
    ),
    "democracy:proposal_list": Entry(expect=LIST),
    "democracy:proposal_enter": Entry(expect=CREATE),
    "democracy:proposals_export": Entry(expect=LIST),
    "democracy:proposal_detail": Entry(kwargs=lambda w: {"pk": _proposal(w).pk}, expect=DETAIL),
    "democracy:proposal_act": Entry(
        kwargs=_accepted_proposal, method="post", data=lambda w: {"action": "accept"}, expect=POST_MANAGE
    ),
    "democracy:contest_list": Entry(expect=LIST),
    "democracy:contest_create": Entry(expect=CREATE),
    # docs/PERMISSIONS.md: branch officers have no part in votes and leader evaluation
    "democracy:evaluation_list": Entry(expect=office(branch=403)),
    "democracy:evaluation_create": Entry(expect=CREATE),
    "democracy:evaluation_detail": Entry(kwargs=_round, expect=office(officer_b=404, branch=403)),
    "democracy:evaluation_toggle": Entry(kwargs=_round, method="post", expect=POST_MANAGE),
    "democracy:meeting_list": Entry(expect=LIST),
    "democracy:meeting_create": Entry(expect=SUBTREE_CREATE),
    "democracy:cadence": Entry(expect=LIST),
    "democracy:disclosure_list": Entry(expect=LIST),
    "democracy:disclosure_create": Entry(expect=SUBTREE_CREATE),
    "democracy:disclosure_detail": Entry(kwargs=_disclosure, expect=DETAIL),
    # a draft to the whole enterprise: not shown to a branch's officers (docs/PERMISSIONS.md)
    "democracy:disclosure_publish": Entry(
        kwargs=_draft_disclosure, method="post", expect={**POST_MANAGE, "branch": 404}
    ),
    "democracy:disclosure_attachment": Entry(kwargs=_disclosure, expect=DETAIL),
    "democracy:survey_list": Entry(expect=LIST),
    "democracy:survey_create": Entry(expect=CREATE),
    "democracy:survey_detail": Entry(kwargs=_survey, expect=DETAIL),
    "democracy:survey_close": Entry(kwargs=_survey, method="post", expect=POST_MANAGE),
    # a branch officer's units gave too few answers in the crawler's world: sent back, no file
    "democracy:survey_export": Entry(kwargs=_closed_survey, expect=office(officer_b=404, branch=302)),
    "democracy:contract_list": Entry(expect=LIST),
    "democracy:contract_create": Entry(expect=CREATE),
    "democracy:contract_detail": Entry(kwargs=_contract, expect=DETAIL),
    "democracy:contract_check": Entry(kwargs=_contract, expect=MANAGE),
    "democracy:contract_publish": Entry(kwargs=_contract, method="post", expect=POST_MANAGE),
    "democracy:mediation": Entry(expect=LIST),
    "democracy:committee_set": Entry(expect=CREATE),
    "democracy:case_create": Entry(expect=CREATE),
    "democracy:petition_list": Entry(expect=LIST),
    "democracy:petition_create": Entry(expect=CREATE),
    "democracy:petition_detail": Entry(kwargs=_petition, expect=DETAIL),
    "democracy:petition_answer": Entry(
        kwargs=_petition,
        method="post",
        data=lambda w: {"handling": "协调", "result": "已解决", "answered_on": "2026-05-10"},
        expect=POST_MANAGE,
    ),
    "democracy:petition_flag": Entry(
        kwargs=_petition,
        method="post",
        data=lambda w: {"abnormal": "on", "reason": "越级上访"},
        expect=POST_FLAG,
    ),
    # the worker user is 张三, a representative of enterprise A's current term
    "democracy_portal:home": Entry(kwargs=None, expect=portal()),
    "democracy_portal:proposal_submit": Entry(expect=portal()),
    "democracy_portal:proposal_detail": Entry(kwargs=lambda w: {"pk": _proposal(w).pk}, expect=portal()),
    "democracy_portal:proposal_rate": Entry(
        kwargs=_answered_proposal, method="post", data=lambda w: {"action": "satisfied"}, expect=PORTAL_POST
    ),
    "democracy_portal:proposal_cosign": Entry(
        kwargs=lambda w: {"pk": _proposal(w, proposer=w.worker_a2).pk}, method="post", expect=PORTAL_POST
    ),
    "democracy_portal:vote": Entry(kwargs=lambda w: {"pk": _resolution(w).pk}, expect=portal()),
    "democracy_portal:evaluation": Entry(kwargs=_round, expect=portal()),
    "democracy_portal:disclosure_list": Entry(expect=portal()),
    "democracy_portal:disclosure_detail": Entry(kwargs=_disclosure, expect=portal()),
    "democracy_portal:disclosure_attachment": Entry(kwargs=_disclosure, expect=portal()),
    "democracy_portal:survey": Entry(kwargs=_survey, expect=portal()),
    "democracy_portal:resolutions": Entry(expect=portal()),
    "democracy_portal:contract": Entry(kwargs=lambda w: _contract(w, published=True), expect=portal()),
}


# --- the named permissions (democracy/permissions.py), role by role ------------------------------
# Each row: the object the predicate is asked about (built from the world; None = no object, as a
# "New …" button or a menu entry asks) and the roles that pass. tests/democracy/test_permissions.py
# asks every row for every role and fails for a registered name without a row.

PREDICATE_ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")


@dataclass(frozen=True)
class Grant:
    obj: Callable | None  # world -> the object asked about
    roles: frozenset

    def __init__(self, obj, *roles):
        object.__setattr__(self, "obj", obj)
        object.__setattr__(self, "roles", frozenset(roles))


def _obj_proposal(w):
    return Proposal.objects.get(pk=_proposal(w).pk)


def _obj_draft_to(unit):
    def build(w):
        return Disclosure.objects.create(
            enterprise=w.ent_a, audience=getattr(w, unit), category="wages", title="草稿", content="x",
            disclosed_on=dt.date(2026, 3, 1),
        )  # fmt: skip

    return build


MANAGERS = ("officer", "admin")  # the enterprise's union officers (and administrators)

PREDICATES = {
    "democracy.manage_congress": [Grant(lambda w: make_term(w), *MANAGERS),
                                  Grant(lambda w: Resolution.objects.get(pk=_resolution(w).pk), *MANAGERS),
                                  Grant(None, "officer", "officer_b", "admin")],
    "democracy.vote_on_resolution": [Grant(None, "worker")],
    "democracy.handle_proposal": [Grant(_obj_proposal, *MANAGERS)],
    "democracy.follow_own_proposal": [Grant(_obj_proposal, "worker")],
    "democracy.enter_proposal": [Grant(lambda w: w.ent_a, *MANAGERS), Grant(None, "officer", "officer_b", "admin")],
    "democracy.submit_proposal": [Grant(None, "worker")],
    "democracy.cosign_proposal": [Grant(None, "worker")],
    "democracy.record_contest": [Grant(lambda w: w.ent_a, *MANAGERS)],
    "democracy.manage_evaluation": [Grant(lambda w: make_session(w), *MANAGERS),
                                    Grant(lambda w: EvaluationRound.objects.get(pk=_round(w)["pk"]), *MANAGERS),
                                    Grant(None, "officer", "officer_b", "admin")],
    "democracy.rate_leaders": [Grant(None, "worker")],
    "democracy.see_evaluations": [Grant(None, "officer", "officer_b", "district", "admin")],
    "democracy.record_meeting": [Grant(lambda w: w.branch_a1, "branch", *MANAGERS),
                                 Grant(lambda w: w.branch_a2, *MANAGERS),
                                 Grant(None, "branch", "officer", "officer_b", "admin")],
    "democracy.publish_disclosure": [Grant(_obj_draft_to("branch_a1"), "branch", *MANAGERS),
                                     Grant(_obj_draft_to("ent_a"), *MANAGERS),
                                     Grant(None, "branch", "officer", "officer_b", "admin")],
    # a draft: the officers of its audience's unit and above (never a sibling branch's officer)
    "democracy.see_disclosure_draft": [Grant(_obj_draft_to("ent_a"), "officer", "district", "admin"),
                                       Grant(_obj_draft_to("branch_a2"), "officer", "district", "admin"),
                                       Grant(_obj_draft_to("branch_a1"), "branch", "officer", "district", "admin")],
    "democracy.manage_survey": [Grant(lambda w: Survey.objects.get(pk=_survey(w)["pk"]), *MANAGERS),
                                Grant(lambda w: w.ent_a, *MANAGERS),
                                Grant(None, "officer", "officer_b", "admin")],
    "democracy.see_whole_survey": [Grant(lambda w: Survey.objects.get(pk=_survey(w)["pk"]), "officer", "district", "admin")],
    "democracy.answer_survey": [Grant(None, "worker")],
    "democracy.manage_contract": [Grant(lambda w: Contract.objects.get(pk=_contract(w)["pk"]), *MANAGERS)],
    "democracy.manage_mediation": [Grant(lambda w: w.ent_a, *MANAGERS)],
    "democracy.manage_petition": [Grant(lambda w: Petition.objects.get(pk=_petition(w)["pk"]), *MANAGERS)],
    "democracy.flag_petition": [Grant(lambda w: Petition.objects.get(pk=_petition(w)["pk"]), "district", "admin")],
    "democracy.read_internal": [Grant(None, "worker")],
}  # fmt: skip
