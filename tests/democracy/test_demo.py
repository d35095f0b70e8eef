from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from branches.models import Branch
from democracy import rules, selectors
from democracy.models import Petition, Proposal, Representative, Session, SurveyAnswer
from unionhome.models import User


def test_demo_gives_every_enterprise_a_congress_and_e01_meets_the_standard(demo_data):
    year = timezone.localdate().year
    counts = (Representative.objects.count(), Proposal.objects.count(), SurveyAnswer.objects.count())
    for code in ("E01", "E02", "E03"):
        assert Session.objects.filter(term__enterprise__code=code, held_on__year=year).exists()
    assert set(Proposal.objects.values_list("state", flat=True)) == {s for s, _l in Proposal.State.choices}
    e01 = Branch.objects.get(code="E01-B01")
    facts = selectors.assessment_facts(branch=e01, year=year)
    assert facts["congress_held"].value is True
    assert facts["disclosure_in_place"].value is True
    assert facts["collective_contract_in_force"].value is True
    assert facts["contract_fulfilment_rate"].value >= rules.FULFILMENT_TARGET
    assert facts["disclosure_knowledge_rate"].value >= rules.KNOWLEDGE_TARGET
    assert facts["disclosure_satisfaction_rate"].value >= rules.SATISFACTION_TARGET_MODEL_SMALL_HOME
    assert facts["abnormal_petitions"].value == 0
    assert facts["participation_rate"].value >= Decimal("0.75")
    assert Petition.objects.filter(abnormal=True, enterprise__code="E02").count() == 1
    worker = User.objects.get(username="worker").worker
    assert selectors.representative_of(worker) is not None
    rows, _congress = selectors.cadence_report(User.objects.get(username="admin"), year)
    assert any(r.missed for r in rows if r.unit.code == "E03-B02") or timezone.localdate().month <= 6
    call_command("seed_demo", verbosity=0)
    assert (Representative.objects.count(), Proposal.objects.count(), SurveyAnswer.objects.count()) == counts
