"""The standards: the list, one standard with its items, the versions in force and the units an assessment may be opened for."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from branches.models import Branch
from unionhome import permissions, scope

from .. import permissions as assessment_permissions
from ..models import Assessment, Standard, StandardItem


def standards() -> QuerySet[Standard]:
    """Every standard version with its item count and whether an assessment uses it."""
    return Standard.objects.annotate(
        item_count=Count("sections__items", distinct=True),
        in_use=Exists(Assessment.objects.filter(standard=OuterRef("pk"))),
    ).order_by("code", "-version")


def standard_full(pk) -> Standard:
    return scope.get_or_404(
        Standard.objects.prefetch_related(
            Prefetch("sections__items", queryset=StandardItem.objects.order_by("order", "id")), "veto_rules"
        ),
        None,
        None,
        pk=pk,
    )


def latest_version(code: str) -> Standard | None:
    return Standard.objects.filter(code=code).order_by("-version").first()


def is_in_use(standard: Standard) -> bool:
    return Assessment.objects.filter(standard=standard).exists()


def standard_spec(standard: Standard) -> dict:
    """A standard as plain data (the shape the edit form, the import and the export share)."""
    return {
        "code": standard.code,
        "name": standard.name,
        "issuer": standard.issuer,
        "level": standard.level,
        "title": standard.title,
        "kind": standard.kind,
        "effective_date": standard.effective_date,
        "pass_mark": standard.pass_mark,
        "description": standard.description,
        "items": [
            {
                "section": section.name,
                "text": item.text,
                "points": item.points,
                "step": item.step,
                "guidance": item.guidance,
                "evidence_expected": item.evidence_expected,
                "indicator": item.indicator,
                "scoring": item.scoring or {},
            }
            for section in standard.sections.all()
            for item in section.items.all()
        ],
        "vetoes": [{"text": v.text, "indicator": v.indicator} for v in standard.veto_rules.all()],
        "targets": standard.targets or {},
        "gates": standard.gates or [],
    }


def current_standards() -> QuerySet[Standard]:
    """The newest version of every standard."""
    newest = Standard.objects.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
    return Standard.objects.exclude(Exists(newest)).order_by("level", "code")


def units_to_open(user) -> QuerySet[Branch]:
    """Units for which the user may open an assessment (their own, or one they review)."""
    pks = [
        b.pk
        for b in assessment_permissions.units_in_scope(user)
        if permissions.allowed(user, "assessment.open_assessment", b)
    ]
    return Branch.objects.filter(pk__in=pks).order_by("path")
