from django.core.management import call_command
from django.utils import timezone

from branches import selectors
from branches.models import (
    Branch,
    Committee,
    CommitteeSeat,
    FundsPayment,
    FundsRemittance,
    LeadershipMember,
    Term,
    WorkshopPost,
)
from unionhome.models import User


def _counts():
    return [m.objects.count() for m in (Committee, Term, CommitteeSeat, WorkshopPost, LeadershipMember,
                                        FundsRemittance, FundsPayment)]  # fmt: skip


def test_the_demo_shows_each_kind_of_finding_while_the_coal_mine_meets_the_standard(demo_data):
    found = selectors.findings(User.objects.get(username="district"))
    by_unit = {}
    for f in found:
        by_unit.setdefault(f.branch.code, set()).add(f.code)
    assert by_unit["E02"] == {"committee_missing", "funds_late"}
    assert "女职工委员会" in next(
        f.message for f in found if f.branch.code == "E02" and f.code == "committee_missing"
    )
    assert by_unit["E03"] == {"committee_overdue", "leadership_missing", "funds_outstanding"}
    assert by_unit["E02-B01"] == {"committee_due_soon"}
    assert by_unit["E02-B02"] == {"posts_vacant"}
    assert not any(code.startswith("E01") for code in by_unit)
    facts = selectors.assessment_facts(branch=Branch.objects.get(code="E01"), year=timezone.localdate().year)
    for key in ("committees_complete", "committees_in_term", "funds_remitted", "leadership_group"):
        assert facts[key].value is True, key
    assert facts["funds_withheld"].value is False
    counts = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == counts
