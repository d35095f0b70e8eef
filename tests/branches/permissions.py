"""Permission table of the organisation and roster pages (PERMISSIONS.md, "Organisation")."""

from tests.permission_table import Entry, office, portal

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
}
