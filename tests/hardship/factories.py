"""Hardship objects for tests: a campaign of the world's district, applications in any state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from hardship.models import Application, Campaign, HardshipFile, HouseholdMember
from unionhome import scope


def campaign_for(district, **kwargs) -> Campaign:
    defaults = {
        "name": "2026年元旦春节送温暖",
        "year": 2026,
        "line": Decimal("780"),
        "deadline": timezone.now() + dt.timedelta(days=30),
        "notice_days": 5,
    }
    defaults.update(kwargs)
    campaign, _created = Campaign.objects.get_or_create(
        branch=district, name=defaults.pop("name"), defaults=defaults
    )
    return campaign


NOTICE_STATES = {"on_notice", "objected", "notice_ended", "reported", "district_approved", "relief_delivered"}


def application_in(campaign, worker, state: str = "draft", *, paper: bool = False, **kwargs) -> Application:
    """An application in a given state (as the workflow would have left it)."""
    existing = Application.objects.filter(campaign=campaign, worker=worker).exclude(state="withdrawn").first()
    if existing:
        return existing
    today = timezone.localdate()
    fields = {
        "primary_cause": "major_illness",
        "description": "妻子患病，家庭困难",
        "consent_at": timezone.now(),
        "category": 1,
        "category_reason": "人均收入低于最低生活保障线的1.5倍",
        "per_capita": Decimal("900.00"),
        "household_size": 3,
        "medical_self_paid": Decimal("25000"),
    }
    if state in NOTICE_STATES:
        fields["notice_start"] = today - dt.timedelta(days=1)
        fields["notice_end"] = today + dt.timedelta(days=3)
    fields.update(kwargs)
    application = Application.objects.create(
        campaign=campaign,
        worker=worker,
        branch=worker.branch,
        enterprise=scope.enterprise_of(worker.branch),
        state=state,
        entered_on_paper=paper,
        **fields,
    )
    HouseholdMember.objects.create(
        application=application,
        relation="self",
        name=worker.name,
        id_number=worker.id_number,
        monthly_income=Decimal("1500"),
    )
    HouseholdMember.objects.create(
        application=application, relation="spouse", name="配偶", monthly_income=Decimal("1200"), ill=True
    )
    HouseholdMember.objects.create(application=application, relation="child", name="孩子", in_school=True)
    return application


def open_file_for(worker, **kwargs) -> HardshipFile:
    file = HardshipFile.objects.filter(worker=worker, status="open").first()
    if file:
        return file
    return HardshipFile.objects.create(
        worker=worker,
        branch=worker.branch,
        enterprise=scope.enterprise_of(worker.branch),
        situation="妻子患病",
        causes="重大疾病",
        next_review_on=timezone.localdate() + dt.timedelta(days=90),
        **kwargs,
    )
