"""Permission table of the organisation and roster pages (docs/PERMISSIONS.md, "Organisation")."""

from branches.models import MembershipTransfer
from tests.permission_table import Entry, office, portal


def _transfer(w) -> MembershipTransfer:
    """A pending transfer of a worker of sibling branch A2 to enterprise B (created lazily)."""
    transfer, _created = MembershipTransfer.objects.get_or_create(
        worker=w.worker_a2,
        state=MembershipTransfer.State.REQUESTED,
        defaults={
            "from_branch": w.branch_a2,
            "to_unit": w.ent_b,
            "reason": "调动",
            "requested_by": w.user("officer"),
        },
    )
    return transfer


def _own_request(w) -> MembershipTransfer:
    """The portal worker's own request, awaiting the old unit's confirmation."""
    transfer, _created = MembershipTransfer.objects.get_or_create(
        worker=w.worker_a1,
        state=MembershipTransfer.State.ASKED,
        defaults={
            "from_branch": w.branch_a1,
            "to_unit": w.ent_b,
            "reason": "调动",
            "requested_by": w.user("worker"),
        },
    )
    return transfer


TABLE = {
    "home": Entry(
        expect={
            "anonymous": 302,
            "worker": 302,
            "branch": 302,
            "officer": 302,
            "officer_b": 302,
            "district": 302,
            "admin": 302,
        }
    ),
    "login": Entry(
        expect={
            "anonymous": 200,
            "worker": 302,
            "branch": 302,
            "officer": 302,
            "officer_b": 302,
            "district": 302,
            "admin": 302,
        }
    ),
    "logout": Entry(
        method="post",
        expect={
            "anonymous": 302,
            "worker": 302,
            "branch": 302,
            "officer": 302,
            "officer_b": 302,
            "district": 302,
            "admin": 302,
        },
    ),
    "set_language": Entry(
        method="post",
        data=lambda w: {"language": "en", "next": "/"},
        expect={
            "anonymous": 302,
            "worker": 302,
            "branch": 302,
            "officer": 302,
            "officer_b": 302,
            "district": 302,
            "admin": 302,
        },
    ),
    "two_factor": Entry(
        expect={
            "anonymous": 302,
            "worker": 200,
            "branch": 200,
            "officer": 200,
            "officer_b": 200,
            "district": 200,
            "admin": 200,
        }
    ),
    "branches:dashboard": Entry(expect=office()),
    # the branch officer's own branch: outside officer_b's enterprise
    "branches:dashboard_units": Entry(kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=office(officer_b=404)),
    "branches:findings_list": Entry(query="?kind=posts_missing", expect=office()),
    # reviewers ask for the findings to be computed again (then back to the dashboard)
    "branches:findings_refresh": Entry(
        method="post", expect=office(branch=403, officer=403, officer_b=403, district=302, admin=302)
    ),
    # a sibling branch: outside the branch officer's subtree, outside officer_b's enterprise
    "branches:branch_detail": Entry(
        kwargs=lambda w: {"pk": w.branch_a2.pk}, expect=office(branch=404, officer_b=404)
    ),
    "branches:branch_create": Entry(
        kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:branch_rename": Entry(
        kwargs=lambda w: {"pk": w.group_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:branch_move": Entry(
        kwargs=lambda w: {"pk": w.group_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:branch_close": Entry(
        kwargs=lambda w: {"pk": w.group_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:roster": Entry(expect=office()),
    "branches:worker_create": Entry(expect=office(district=403)),
    "branches:worker_detail": Entry(
        kwargs=lambda w: {"pk": w.worker_a2.pk}, expect=office(branch=404, officer_b=404)
    ),
    "branches:worker_edit": Entry(
        kwargs=lambda w: {"pk": w.worker_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:worker_leave": Entry(
        kwargs=lambda w: {"pk": w.worker_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "portal:profile": Entry(expect=portal()),
    "privacy": Entry(
        expect={
            "anonymous": 200,
            "worker": 200,
            "branch": 200,
            "officer": 200,
            "officer_b": 200,
            "district": 200,
            "admin": 200,
        }
    ),
    # docs/PERMISSIONS.md: the access log is for union officers (own enterprise) and the district
    "branches:access_log": Entry(expect=office(branch=403)),
    "branches:audit_trail": Entry(expect=office()),
    "branches:worker_sheet": Entry(
        kwargs=lambda w: {"pk": w.worker_a2.pk}, expect=office(branch=404, officer_b=404)
    ),
    "branches:transfer_start": Entry(
        kwargs=lambda w: {"pk": w.worker_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:transfer_list": Entry(expect=office()),
    # choosing the worker whose transfer to start: officers who manage a roster
    "branches:transfer_choose": Entry(expect=office(district=403), query="?q=张"),
    # seen by both sides and the district; the branch officer of A1 is outside A2's subtree
    "branches:transfer_detail": Entry(kwargs=lambda w: {"pk": _transfer(w).pk}, expect=office(branch=404)),
    # accepting is the receiving union's step: the sender and the reviewer are refused (403)
    "branches:transfer_act": Entry(
        method="post",
        kwargs=lambda w: {"pk": _transfer(w).pk, "action": "accept"},
        data=lambda w: {"to_branch": w.branch_b1.pk},
        expect=office(branch=404, officer=403, officer_b=302, district=403, admin=302),
    ),
    "portal:confirm": Entry(method="post", expect=portal(worker=302)),
    "portal:sheet": Entry(expect=portal()),
    "portal:transfers": Entry(expect=portal()),
    "portal:transfer_cancel": Entry(
        method="post", kwargs=lambda w: {"pk": _own_request(w).pk}, expect=portal(worker=302)
    ),
}


# --- committees, workshop posts, leadership group, union funds (docs/PERMISSIONS.md, "Organisation") ---
# Committee objects sit in the branch officer's branch A1 (inside officer's enterprise A, outside
# officer_b's); funds sit at enterprise A (outside the branch officer's subtree).


def _committee(w):
    from branches.models import Committee

    return Committee.objects.get_or_create(branch=w.branch_a1, kind="union")[0]


def _term(w):
    import datetime as dt

    from branches.models import Term

    return Term.objects.get_or_create(
        committee=_committee(w),
        number=1,
        defaults={
            "elected_on": dt.date(2024, 1, 1),
            "start": dt.date(2024, 1, 1),
            "end": dt.date(2028, 12, 31),
        },
    )[0]


def _seat(w):
    import datetime as dt

    from branches.models import CommitteeSeat

    return CommitteeSeat.objects.get_or_create(
        term=_term(w), worker=w.worker_a1, defaults={"position": "member", "start": dt.date(2024, 1, 1)}
    )[0]


def _post(w):
    from branches.models import WorkshopPost

    return WorkshopPost.objects.get_or_create(branch=w.branch_a1, post="publicity")[0]


def _group(w):
    import datetime as dt

    from branches.models import LeadershipGroup

    return LeadershipGroup.objects.get_or_create(
        branch=w.branch_a1, defaults={"name": "建家领导小组", "established_on": dt.date(2024, 1, 1)}
    )[0]


def _member(w):
    from branches.models import LeadershipMember

    return LeadershipMember.objects.get_or_create(
        group=_group(w), worker=w.worker_a1, defaults={"role": "member"}
    )[0]


def _remittance(w):
    import datetime as dt
    from decimal import Decimal

    from branches.models import FundsRemittance

    return FundsRemittance.objects.get_or_create(
        branch=w.ent_a, year=2026, defaults={"amount_due": Decimal("1000.00"), "due_on": dt.date(2026, 6, 30)}
    )[0]


def _payment(w):
    import datetime as dt
    from decimal import Decimal

    from branches.models import FundsPayment

    return FundsPayment.objects.get_or_create(
        remittance=_remittance(w), defaults={"amount": Decimal("500.00"), "paid_on": dt.date(2026, 5, 1)}
    )[0]


_MANAGE = office(officer_b=404, district=403)  # union officer and branch officer write; district views
_POST_MANAGE = office(branch=302, officer=302, officer_b=404, district=403, admin=302)

TABLE.update(
    {
        "branches:unit_committees": Entry(
            kwargs=lambda w: {"pk": w.branch_a2.pk}, expect=office(branch=404, officer_b=404)
        ),
        "branches:committee_create": Entry(kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=_MANAGE),
        "branches:term_create": Entry(kwargs=lambda w: {"pk": _committee(w).pk}, expect=_MANAGE),
        "branches:term_edit": Entry(kwargs=lambda w: {"pk": _term(w).pk}, expect=_MANAGE),
        "branches:seat_create": Entry(kwargs=lambda w: {"pk": _term(w).pk}, expect=_MANAGE),
        "branches:seat_end": Entry(kwargs=lambda w: {"pk": _seat(w).pk}, expect=_MANAGE),
        "branches:term_calendar": Entry(expect=office()),
        "branches:committee_export": Entry(expect=office()),
        "branches:unit_posts": Entry(
            kwargs=lambda w: {"pk": w.branch_a2.pk}, expect=office(branch=404, officer_b=404)
        ),
        "branches:posts_establish": Entry(
            method="post", kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=_POST_MANAGE
        ),
        "branches:post_assign": Entry(kwargs=lambda w: {"pk": _post(w).pk}, expect=_MANAGE),
        "branches:vacant_posts": Entry(expect=office()),
        "branches:leadership": Entry(
            kwargs=lambda w: {"pk": w.ent_a.pk}, expect=office(branch=404, officer_b=404)
        ),
        "branches:leadership_edit": Entry(kwargs=lambda w: {"pk": w.branch_a1.pk}, expect=_MANAGE),
        "branches:leadership_member_add": Entry(kwargs=lambda w: {"pk": _group(w).branch_id}, expect=_MANAGE),
        # the people pickers' search (unionhome/views_pickers.py): the scope of the seat forms
        "pick": Entry(
            kwargs=lambda w: {"name": "branches.seat_candidates"},
            query=lambda w: f"?key={w.branch_a1.pk}&q=张三",
            expect=_MANAGE,
        ),
        "branches:leadership_member_remove": Entry(
            method="post", kwargs=lambda w: {"pk": _member(w).pk}, expect=_POST_MANAGE
        ),
        "branches:unit_funds": Entry(
            kwargs=lambda w: {"pk": w.ent_a.pk}, expect=office(branch=404, officer_b=404)
        ),
        "branches:remittance_create": Entry(
            kwargs=lambda w: {"pk": w.ent_a.pk}, expect=office(branch=404, officer_b=404, district=403)
        ),
        "branches:funds_overview": Entry(expect=office()),
        "branches:payment_create": Entry(
            kwargs=lambda w: {"pk": _remittance(w).pk}, expect=office(branch=404, officer_b=404, district=403)
        ),
        # a veto fact of the assessment: set and cleared by the federation only
        "branches:remittance_withheld": Entry(
            kwargs=lambda w: {"pk": _remittance(w).pk}, expect=office(branch=404, officer=403, officer_b=404)
        ),
        "branches:payment_confirm": Entry(
            method="post",
            kwargs=lambda w: {"pk": _payment(w).pk},
            expect=office(branch=404, officer=403, officer_b=404, district=302, admin=302),
        ),
    }
)

TABLE["portal:committees"] = Entry(expect=portal())


def _roster_job(w, kind: str = "import"):
    """A finished roster job of the union officer "officer", with its file on disk (created lazily)."""
    from pathlib import Path

    from django.conf import settings

    from branches.models import RosterJob

    job, _ = RosterJob.objects.get_or_create(
        kind=kind,
        unit=w.ent_a if kind == "import" else None,
        created_by=w.users["officer"],
        defaults={
            "status": RosterJob.Status.DONE if kind == "export" else RosterJob.Status.REFUSED,
            "report": "roster/crawler-report.xlsx",
            "result": "roster/crawler-result.xlsx",
            "original_name": "roster.xlsx",
        },
    )
    directory = Path(settings.MEDIA_ROOT) / "roster"
    directory.mkdir(parents=True, exist_ok=True)
    for name in ("crawler-report.xlsx", "crawler-result.xlsx"):
        (directory / name).write_bytes(b"PK\x03\x04")
    return job


def _job_only_officer(**over):
    # Jobs belong to their creator: everyone else in the workspace gets 404, whatever their scope.
    return office(**{"branch": 404, "officer_b": 404, "district": 404, "admin": 404, **over})


TABLE.update(
    {
        "branches:roster_template": Entry(expect=office(branch=403, district=403)),
        "branches:roster_import": Entry(expect=office(branch=403, district=403)),
        "branches:roster_export": Entry(expect=office()),
        "branches:roster_job": Entry(kwargs=lambda w: {"pk": _roster_job(w).pk}, expect=_job_only_officer()),
        "branches:roster_job_progress": Entry(
            kwargs=lambda w: {"pk": _roster_job(w).pk}, expect=_job_only_officer()
        ),
        "branches:roster_job_confirm": Entry(
            method="post",
            kwargs=lambda w: {"pk": _roster_job(w).pk},
            expect=_job_only_officer(officer=302),
        ),
        "branches:roster_job_retry": Entry(
            method="post",
            kwargs=lambda w: {"pk": _roster_job(w).pk},
            expect=_job_only_officer(officer=302),
        ),
        "branches:roster_job_report": Entry(
            kwargs=lambda w: {"pk": _roster_job(w).pk}, expect=_job_only_officer()
        ),
        "branches:roster_job_download": Entry(
            kwargs=lambda w: {"pk": _roster_job(w, "export").pk}, expect=_job_only_officer()
        ),
    }
)


# --- the named permissions (branches/permissions.py), role by role -----------------------------------
# name → (the object it is asked about, built from the test world; who passes). The views, services,
# templates and admin ask these names; tests/branches/test_permissions.py checks every row and fails for
# a name of the app without one. The transfer permissions are checked in tests/branches/test_transfers.py.

_OFFICERS_OF_A1 = {"branch", "officer", "admin"}

PREDICATES = {
    "branches.create_unit": (lambda w: w.branch_a1, _OFFICERS_OF_A1),
    "branches.create_unit@district": (lambda w: w.district, {"district", "admin"}),
    "branches.create_unit@root": (lambda w: None, {"admin"}),
    "branches.change_unit": (lambda w: w.group_a1, _OFFICERS_OF_A1),
    "branches.change_unit@own node": (lambda w: w.branch_a1, {"officer", "admin"}),
    "branches.manage_roster": (lambda w: w.branch_a1, _OFFICERS_OF_A1),
    "branches.see_worker": (lambda w: w.worker_a1, {"branch", "officer", "district", "admin"}),
    "branches.see_worker@enterprise B": (lambda w: w.worker_b1, {"officer_b", "district", "admin"}),
    "branches.manage_roster@anywhere": (lambda w: None, {"branch", "officer", "officer_b", "admin"}),
    "branches.import_roster": (lambda w: w.ent_a, {"officer", "admin"}),
    "branches.import_roster@anywhere": (lambda w: None, {"officer", "officer_b", "admin"}),
    "branches.export_roster": (lambda w: None, {"branch", "officer", "officer_b", "district", "admin"}),
    "branches.see_full_ids": (lambda w: w.worker_a1, {"worker", "admin"}),
    "branches.see_full_ids_in_unit": (lambda w: w.branch_a1, {"admin"}),
    "branches.see_full_ids_in_unit@path": (lambda w: w.branch_a1.path, {"admin"}),
    "branches.see_full_ids_in_unit@everything": (lambda w: "", {"admin"}),
    "branches.confirm_own_facts": (lambda w: w.worker_a1, {"worker"}),
    "branches.ask_transfer": (lambda w: None, {"worker"}),
    "branches.manage_committees": (lambda w: w.branch_a1, _OFFICERS_OF_A1),
    "branches.manage_funds": (lambda w: w.ent_a, {"officer", "admin"}),
    "branches.flag_withheld": (lambda w: w.ent_a, {"district", "admin"}),
    "branches.confirm_receipt": (lambda w: w.ent_a, {"district", "admin"}),
    "branches.manage_appointments": (lambda w: w.ent_a, {"admin"}),
    "branches.refresh_findings": (lambda w: None, {"district", "admin"}),
}
