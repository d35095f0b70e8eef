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
}


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
        "branches:roster_job_report": Entry(
            kwargs=lambda w: {"pk": _roster_job(w).pk}, expect=_job_only_officer()
        ),
        "branches:roster_job_download": Entry(
            kwargs=lambda w: {"pk": _roster_job(w, "export").pk}, expect=_job_only_officer()
        ),
    }
)
