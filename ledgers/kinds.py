"""The kinds of ledger entry (台账), declared in code: each with its typed fields, its participants,
its status, and the source plan and section it answers (docs/DOMAIN.md §9).

A kind is data, not a form: ``ledgers.forms.EntryForm`` builds its fields from ``Kind.fields``, the
service checks an entry's data against them (``rules.check_data``) and the indicators read the
fields by name. Adding a kind is adding a ``Kind`` to ``KINDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import rules
from .rules import BOOL, CHOICE, DATE, DECIMAL, INT, LONGTEXT, SESSION, TERM, TEXT, UNIT, WORKER
from .rules import Field as F

# What each participant of an entry carries.
NO_PARTICIPANTS, HOURS, ROLE = "", "hours", "role"


class Section:
    """The groups of kinds, in the order of the ledger's pages."""

    SAFETY = "safety"
    TRAINING = "training"
    INNOVATION = "innovation"
    CULTURE = "culture"
    WOMEN = "women"
    CARE = "care"
    ACCOUNTABILITY = "accountability"
    VOICE = "voice"
    PLAN = "plan"

    LABELS = {
        SAFETY: _("Safety supervision"),
        TRAINING: _("Training and skills"),
        INNOVATION: _("Competitions, proposals and model workers"),
        CULTURE: _("Culture and sports"),
        WOMEN: _("Women workers"),
        CARE: _("Mutual aid and care"),
        ACCOUNTABILITY: _("The union's own accountability"),
        VOICE: _("Workers' voice"),
        PLAN: _("Plan, rules and summary"),
    }


@dataclass(frozen=True)
class Kind:
    code: str
    label: object
    section: str
    plan: str  # the source plans' references (docs/DOMAIN.md, "Plan references")
    fields: tuple[rules.Field, ...] = ()
    participants: str = NO_PARTICIPANTS
    statuses: tuple[tuple[str, object], ...] = ()  # (value, label); the first is a new entry's
    linked: str = ""  # kept by another app: the ledger links to it and keeps nothing itself

    @property
    def has_status(self) -> bool:
        return bool(self.statuses)

    def field(self, name: str) -> rules.Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def status_label(self, value: str):
        return dict(self.statuses).get(value, value)


LEVELS = (("enterprise", _("Enterprise")), ("workshop", _("Workshop")), ("team", _("Team")))
HONOUR_LEVELS = (
    ("national", _("National")),
    ("provincial", _("Provincial")),
    ("city", _("City")),
    ("district", _("District")),
    ("enterprise", _("Enterprise")),
)
OPEN, RECTIFIED = "open", "rectified"
DRAFT, ADOPTED, DONE = "draft", "adopted", "done"

_hours = F("hours", DECIMAL, _("hours"), required=True, min=Decimal("0.5"), max=Decimal("200"))
_content = F("content", LONGTEXT, _("content"))
_result = F("result", LONGTEXT, _("result"))
_year = F("year", INT, _("year"), required=True, min=2000, max=2100)

KINDS: tuple[Kind, ...] = (
    # --- safety supervision (篇一 以严管家, (一)5; 篇三 4.1.1.3; 篇五 内容4 平安) ---------------------
    Kind(
        "safety_inspection",
        _("Safety inspection round"),
        Section.SAFETY,
        "篇一 (一)5; 篇三 4.1.1.3; 篇五 内容4",
        (
            F("workshop", UNIT, _("workshop inspected"), required=True),
            F("by_representatives", BOOL, _("representatives' inspection")),
            F("findings_count", INT, _("findings"), required=True, min=0, max=999),
            F("findings", LONGTEXT, _("what was found")),
        ),
        participants=ROLE,
    ),
    Kind(
        "hidden_danger",
        _("Hidden danger and its rectification"),
        Section.SAFETY,
        "篇一 (一)5; 篇三 4.1.1.3",
        (
            F("workshop", UNIT, _("workshop"), required=True),
            F("description", LONGTEXT, _("hidden danger"), required=True),
            F("deadline", DATE, _("rectification deadline"), required=True),
            F("closed_on", DATE, _("closed on")),
            F("rectification", LONGTEXT, _("rectification")),
        ),
        statuses=((OPEN, pgettext_lazy("hidden danger", "Open")), (RECTIFIED, _("Rectified"))),
    ),
    Kind(
        "inspector_network",
        _("Labour-protection inspectors"),
        Section.SAFETY,
        "篇一 (一)5; 篇三 4.1.1.3",
        (
            F("level", CHOICE, _("level"), required=True, choices=LEVELS),
            F("unit", UNIT, _("unit covered")),
            F("full_time", INT, _("full-time inspectors"), min=0, max=999),
        ),
        participants=ROLE,
    ),
    Kind(
        "family_safety_education",
        _("Family safety education"),
        Section.SAFETY,
        "篇一 (一)5",
        (F("families", INT, _("families reached"), min=0, max=99999), _content),
        participants=ROLE,
    ),
    # --- training and skills (篇一 (一)3; 篇二 §三.5, §四.4; 篇三 4.1.1.1, 4.1.3.6; 篇五 内容5) -------
    Kind(
        "training",
        _("Training session or job drill"),
        Section.TRAINING,
        "篇一 (一)3; 篇二 §三.5, §四.4; 篇三 4.1.1.1; 篇五 内容5",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("training", _("Training session")),
                    ("drill", _("Job drill (岗位练兵)")),
                    ("learning_team", _("Learning team")),
                ),
            ),
            _hours,
            F("trainer", TEXT, _("trainer")),
        ),
        participants=HOURS,
    ),
    Kind(
        "representative_training",
        _("Representatives' training"),
        Section.TRAINING,
        "篇三 4.1.3.6; 篇一 (三).2",
        (
            F("term", TERM, _("congress term"), required=True),
            F("session", SESSION, _("before the session")),
            F(
                "occasion",
                CHOICE,
                _("occasion"),
                required=True,
                choices=(
                    ("after_election", _("Full training after the election")),
                    ("topic", _("Topic training before a major vote")),
                ),
            ),
            _hours,
        ),
        participants=HOURS,
    ),
    # --- competitions, proposals, model workers (篇一 (一)2–4; 篇三 4.1.1.2; 篇五 内容5; 篇二 §六.1) --
    Kind(
        "competition",
        _("Labour or skill competition"),
        Section.INNOVATION,
        "篇一 (一)2, (一)4; 篇五 内容5",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("labour", _("Labour competition")),
                    ("skill", _("Skill contest")),
                    ("double_increase", _("Double increase, double saving (双增双节)")),
                    ("repair_reuse", _("Repair and reuse (修旧利废)")),
                ),
            ),
            F("plan_text", LONGTEXT, _("plan")),
            F("assessment", LONGTEXT, _("assessment")),
            F("money_saved", DECIMAL, _("money saved (yuan)"), min=0, max=Decimal("999999999")),
            F("output", TEXT, _("output")),
        ),
        participants=ROLE,
    ),
    Kind(
        "rationalisation",
        _("Rationalisation proposal"),
        Section.INNOVATION,
        "篇一 (一)4",
        (
            F("proposer", WORKER, _("proposer"), required=True),
            F("content", LONGTEXT, _("content"), required=True),
            F("adopted", BOOL, _("adopted")),
            F("money_saved", DECIMAL, _("money saved (yuan)"), min=0, max=Decimal("999999999")),
            F("output", TEXT, _("output")),
        ),
    ),
    Kind(
        "model_worker",
        _("Model worker or advanced person"),
        Section.INNOVATION,
        "篇三 4.1.1.2; 篇五 内容5; 篇二 §六.1",
        (
            F("worker", WORKER, _("worker"), required=True),
            F(
                "category",
                CHOICE,
                _("category"),
                required=True,
                choices=(
                    ("model_worker", _("Model worker")),
                    ("advanced", _("Advanced person")),
                    ("skilled_talent", _("Skilled talent")),
                    ("innovation", _("Innovation result")),
                ),
            ),
            F("honour", TEXT, _("commendation"), required=True),
            F("level", CHOICE, _("level"), required=True, choices=HONOUR_LEVELS),
            F("year", INT, _("year"), required=True, min=1950, max=2100),
        ),
    ),
    Kind(
        "commendation",
        _("Biennial commendation and awards"),
        Section.INNOVATION,
        "篇二 §六.1",
        (
            _year,
            F("decision", TEXT, _("decision document"), required=True),
            _content,
        ),
    ),
    # --- culture and sports (篇一 以德育家, (五); 篇二 §三.8; 篇三 4.1.4.4; 篇五 内容3) ----------------
    Kind(
        "culture_sports",
        _("Culture and sports activity"),
        Section.CULTURE,
        "篇一 (五); 篇二 §三.8; 篇三 4.1.4.4; 篇五 内容3",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("sports", _("Sports")),
                    ("culture", _("Culture")),
                    ("hobby_group", _("Hobby group")),
                    ("library", _("Workers' library (职工书屋)")),
                    ("facility", _("Facility")),
                ),
            ),
            _content,
        ),
        participants=ROLE,
    ),
    # --- women workers (篇二 §三.5, §三.9; 篇三 4.1.2.4; 篇五 内容4) -----------------------------------
    Kind(
        "women_activity",
        _("Women workers' activity"),
        Section.WOMEN,
        "篇二 §三.5, §三.9; 篇三 4.1.2.4",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("activity", _("Activity of the women's committee")),
                    ("achievement", _("Women's achievement campaign")),
                ),
            ),
            F("arrangement", LONGTEXT, _("arrangement")),
            _result,
        ),
        participants=ROLE,
    ),
    Kind(
        "five_periods_check",
        _("Five-periods protection check (五期)"),
        Section.WOMEN,
        "篇三 4.1.2.4; 篇五 内容4",
        (
            F("women_checked", INT, _("women workers checked"), required=True, min=0, max=99999),
            F("problems", INT, _("problems found"), required=True, min=0, max=9999),
            F("rectified", BOOL, _("problems rectified")),
            _content,
        ),
    ),
    # --- mutual aid and care (篇一 以情爱家, (四)1–3; 篇三 4.1.2.3; 篇四 要求) -------------------------
    Kind(
        "mutual_aid_fund",
        _("Mutual-aid fund"),
        Section.CARE,
        "篇一 (四)2; 篇三 4.1.2.3",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("association", _("Mutual-aid association (互助会)")),
                    ("savings", _("Mutual savings fund (互助储金会)")),
                ),
            ),
            F(
                "contributions",
                DECIMAL,
                _("contributions (yuan)"),
                required=True,
                min=0,
                max=Decimal("999999999"),
            ),
            F("payouts", DECIMAL, _("payouts (yuan)"), required=True, min=0, max=Decimal("999999999")),
            F("payout_count", INT, _("payouts made"), min=0, max=99999),
        ),
        participants=ROLE,
    ),
    Kind(
        "cadre_pairing",
        _("Cadre pairing (一包一)"),
        Section.CARE,
        "篇一 (四)3",
        (
            F("cadre", WORKER, _("cadre"), required=True),
            F("family", WORKER, _("family (worker)"), required=True),
        ),
    ),
    Kind(
        "home_visit",
        _("Home visit (入户走访)"),
        Section.CARE,
        "篇一 (四)1, (四)3; 篇四 要求",
        (
            F(
                "occasion",
                CHOICE,
                _("occasion"),
                required=True,
                choices=(
                    ("festival", _("Festival visit")),
                    ("condolence", _("Condolence visit")),
                    ("pairing", _("Pairing visit")),
                ),
            ),
            F("family", WORKER, _("family (worker)"), required=True),
            F("visitors", TEXT, _("visitors")),
            F("help", DECIMAL, _("help given (yuan)"), min=0, max=Decimal("999999")),
        ),
    ),
    Kind(
        "migrant_winter_care",
        _("Migrant workers' winter care"),
        Section.CARE,
        "篇四 对象, 要求",
        (
            F("trips_home", INT, _("trips home arranged"), min=0, max=99999),
            F("wages_paid_in_full", BOOL, _("wages paid in full")),
            _content,
        ),
        participants=ROLE,
    ),
    # --- the union's own accountability (篇三 4.1.5.1–4.1.5.6) -----------------------------------------
    Kind(
        "members_congress",
        _("Members' congress of the union"),
        Section.ACCOUNTABILITY,
        "篇三 4.1.5.1",
        (
            F("attendance", INT, _("members or representatives present"), required=True, min=0, max=99999),
            F("work_report", BOOL, _("work report heard")),
            F("funds_review_report", BOOL, _("funds-review report heard")),
            F("plan_adopted", BOOL, _("home-building plan adopted")),
        ),
    ),
    Kind(
        "democratic_life",
        _("Democratic life meeting"),
        Section.ACCOUNTABILITY,
        "篇三 4.1.5.5",
        (F("topic", TEXT, _("topic"), required=True), _content),
        participants=ROLE,
    ),
    Kind(
        # The round and its aggregate result as counted at the meeting; individual answers are
        # not kept here (an online round would go through the kernel's answer-once).
        "cadre_evaluation",
        _("Members evaluate the union's cadres"),
        Section.ACCOUNTABILITY,
        "篇三 4.1.5.5; 篇二 §三.3",
        (
            _year,
            F("cadres", INT, _("cadres evaluated"), required=True, min=1, max=999),
            F("voters", INT, _("members taking part"), required=True, min=1, max=99999),
            F("satisfied", INT, _("satisfied or basically satisfied"), required=True, min=0, max=99999),
            _result,
        ),
    ),
    Kind(
        "union_finance",
        _("Union finance and property check"),
        Section.ACCOUNTABILITY,
        "篇三 4.1.5.4; 篇五 内容1; 篇二 §三.10",
        (
            _year,
            F("book_value", DECIMAL, _("book value (yuan)"), required=True, min=0, max=Decimal("999999999")),
            F(
                "counted_value",
                DECIMAL,
                _("counted value (yuan)"),
                required=True,
                min=0,
                max=Decimal("999999999"),
            ),
            F("difference", DECIMAL, _("difference (yuan)"), computed=True),
            F("independent_account", BOOL, _("independent bank account with separate books")),
            F("findings", LONGTEXT, _("what was found")),
        ),
    ),
    Kind(
        "information_work",
        _("Union news submitted or published"),
        Section.ACCOUNTABILITY,
        "篇三 4.1.5.6",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("submitted", _("Submitted to the higher union")),
                    ("published", pgettext_lazy("ledgers", "Published")),
                ),
            ),
            F("items", INT, _("items"), required=True, min=1, max=999),
            F("outlet", TEXT, _("where")),
            _content,
        ),
    ),
    # --- workers' voice beyond the congress (篇三 4.1.2.1, 4.1.2.2, 4.1.3.3) ----------------------------
    Kind(
        "pay_opinions",
        _("Workers' opinions on a pay, bonus or welfare plan"),
        Section.VOICE,
        "篇三 4.1.2.1",
        (
            F(
                "plan_kind",
                CHOICE,
                _("plan"),
                required=True,
                choices=(("pay", _("Pay")), ("bonus", _("Bonus")), ("welfare", _("Welfare"))),
            ),
            F("opinions", INT, _("opinions received"), required=True, min=0, max=99999),
            F("adopted", INT, _("opinions adopted"), min=0, max=99999),
            F("feedback", LONGTEXT, _("feedback to the workers")),
        ),
    ),
    Kind(
        "letters_visits",
        _("Letters and visits"),
        Section.VOICE,
        "篇三 4.1.2.2",
        linked="democracy:petitions",
    ),
    Kind(
        "joint_meeting",
        _("Joint management-union meeting or representatives' inspection"),
        Section.VOICE,
        "篇三 4.1.3.3",
        (
            F(
                "form",
                CHOICE,
                _("form"),
                required=True,
                choices=(
                    ("joint_meeting", _("Joint management-union meeting")),
                    ("representatives_inspection", _("Representatives' inspection between congresses")),
                ),
            ),
            F("topics", LONGTEXT, _("topics"), required=True),
            F("decisions", LONGTEXT, _("decisions")),
        ),
        participants=ROLE,
    ),
    Kind(
        "thinking_analysis",
        _("Analysis of workers' thinking"),
        Section.VOICE,
        "篇三 4.1.4.2",
        (
            F("findings", LONGTEXT, _("what workers think"), required=True),
            F("measures", LONGTEXT, _("measures")),
        ),
    ),
    # --- the plan and the summary (篇一 (六)2; 篇三 3.2.1) --------------------------------------------
    Kind(
        "yearly_plan",
        _("Yearly home-building plan"),
        Section.PLAN,
        "篇一 (六)2; 篇三 3.2.1",
        (F("year", INT, _("year"), required=True, min=2000, max=2100), _content),
        statuses=((DRAFT, _("Draft")), (ADOPTED, _("Adopted"))),
    ),
    Kind(
        "rules_register",
        _("Rules register"),
        Section.PLAN,
        "篇一 (六)2; 篇三 3.2.1",
        (
            F("rule", TEXT, _("rule"), required=True),
            F("adopted_on", DATE, _("adopted on")),
        ),
        statuses=(("in_force", _("In force")), ("revised", _("Revised")), ("repealed", _("Repealed"))),
    ),
    Kind(
        "year_summary",
        _("Year-end summary"),
        Section.PLAN,
        "篇一 (六)2; 篇三 3.2.1",
        (F("year", INT, _("year"), required=True, min=2000, max=2100), _content),
        statuses=((DRAFT, _("Draft")), (DONE, pgettext_lazy("ledgers", "Done"))),
    ),
)

BY_CODE: dict[str, Kind] = {k.code: k for k in KINDS}
CHOICES = [(k.code, k.label) for k in KINDS if not k.linked]


def get(code: str) -> Kind | None:
    return BY_CODE.get(code)


def sections() -> list[tuple[str, object, list[Kind]]]:
    """(section, label, kinds) in the declared order."""
    return [(code, label, [k for k in KINDS if k.section == code]) for code, label in Section.LABELS.items()]
