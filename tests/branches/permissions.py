"""Permission table of the organisation and roster pages (PERMISSIONS.md, "Organisation")."""

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
    # PERMISSIONS.md: the access log is for union officers (own enterprise) and the district
    "branches:access_log": Entry(expect=office(branch=403)),
    "branches:audit_trail": Entry(expect=office()),
    "branches:worker_sheet": Entry(
        kwargs=lambda w: {"pk": w.worker_a2.pk}, expect=office(branch=404, officer_b=404)
    ),
    "branches:transfer_start": Entry(
        kwargs=lambda w: {"pk": w.worker_a1.pk}, expect=office(officer_b=404, district=403)
    ),
    "branches:transfer_list": Entry(expect=office()),
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
