"""Writes of collective contracts (集体合同): clauses, fulfilment checks, and the labour-dispute mediation
committee and its cases.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from branches.models import Branch
from unionhome import audit, permissions

from ..exceptions import Conflict, DemocracyError
from ..models import Clause, ClauseResult, Contract, FulfilmentCheck, MediationCase, MediationCommittee


@transaction.atomic
def contract_create(
    *,
    actor,
    enterprise: Branch,
    kind: str,
    title: str,
    parties: str,
    signed_on: dt.date,
    starts_on: dt.date,
    ends_on: dt.date,
    registered_on: dt.date | None = None,
    registration_number: str = "",
    clauses: list[str] | tuple = (),
) -> Contract:
    permissions.require(actor, "democracy.manage_contract", enterprise)
    if ends_on < starts_on:
        raise DemocracyError(_("The contract must end after it starts."), code="dates")
    contract = Contract.objects.create(
        enterprise=enterprise,
        kind=kind,
        title=title.strip(),
        parties=parties.strip(),
        signed_on=signed_on,
        starts_on=starts_on,
        ends_on=ends_on,
        registered_on=registered_on,
        registration_number=registration_number.strip(),
    )
    texts = [t.strip() for t in clauses if t.strip()]
    Clause.objects.bulk_create([Clause(contract=contract, number=i, text=t) for i, t in enumerate(texts, 1)])
    return audit.created(actor=actor, action="contract.create", obj=contract, branch_path=enterprise.path)


@transaction.atomic
def contract_publish(*, actor, contract: Contract) -> Contract:
    permissions.require(actor, "democracy.manage_contract", contract.enterprise)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.published:
        raise Conflict(_("The contract text is already published."))
    contract.published = True
    contract.save(update_fields=["published"])
    audit.record(actor=actor, action="contract.publish", obj=contract, branch_path=contract.enterprise.path)
    return contract


@transaction.atomic
def fulfilment_check_record(
    *, actor, contract: Contract, year: int, checked_on: dt.date, results: dict[int, tuple[str, str]]
) -> FulfilmentCheck:
    """The yearly check: a result (and evidence) for every clause of the contract."""
    permissions.require(actor, "democracy.manage_contract", contract.enterprise)
    clause_ids = set(contract.clauses.values_list("pk", flat=True))
    if not clause_ids or set(results) != clause_ids:
        raise DemocracyError(_("Record a result for every clause."), code="incomplete")
    if any(r not in ClauseResult.Result.values for r, _e in results.values()):
        raise DemocracyError(_("Unknown result."), code="result")
    try:
        with transaction.atomic():
            check = FulfilmentCheck.objects.create(contract=contract, year=year, checked_on=checked_on)
    except IntegrityError as exc:
        raise Conflict(_("This contract has already been checked for %(year)s.") % {"year": year}) from exc
    ClauseResult.objects.bulk_create(
        [
            ClauseResult(inspection=check, clause_id=pk, result=r, evidence=e.strip())
            for pk, (r, e) in results.items()
        ]
    )
    audit.record(actor=actor, action="contract.check", obj=check, branch_path=contract.enterprise.path,
                 after={"year": year, "results": {str(k): v[0] for k, v in results.items()}})  # fmt: skip
    return check


@transaction.atomic
def mediation_committee_set(
    *, actor, enterprise: Branch, chair: str, members: str, established_on: dt.date
) -> MediationCommittee:
    permissions.require(actor, "democracy.manage_mediation", enterprise)
    committee, created = MediationCommittee.objects.update_or_create(
        enterprise=enterprise,
        defaults={"chair": chair.strip(), "members": members.strip(), "established_on": established_on},
    )
    audit.record(actor=actor, action="mediation_committee.create" if created else "mediation_committee.update",
                 obj=committee, after=audit.snapshot(committee), branch_path=enterprise.path)  # fmt: skip
    return committee


@transaction.atomic
def mediation_case_record(
    *,
    actor,
    committee: MediationCommittee,
    received_on: dt.date,
    parties: str,
    subject: str,
    outcome: str,
    notes: str = "",
) -> MediationCase:
    permissions.require(actor, "democracy.manage_mediation", committee)
    case = MediationCase.objects.create(
        committee=committee, received_on=received_on, parties=parties.strip(), subject=subject.strip(),
        outcome=outcome, notes=notes.strip(),
    )  # fmt: skip
    return audit.created(
        actor=actor, action="mediation_case.create", obj=case, branch_path=committee.enterprise.path
    )
