"""Writes of assessment standards (建家标准): validating a standard's specification, saving a new version,
installing the bundled standards.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from unionhome import audit, permissions, versioning
from unionhome.models import User

from .. import rules, selectors
from ..exceptions import Conflict, StandardInvalid
from ..models import IndicatorKey, Level, Section, Standard, StandardItem, TitleKind, VetoRule
from .common import TITLES_OF_LEVEL

_CODE = re.compile(r"[-a-zA-Z0-9_]{1,64}")  # a slug: it names the standard's files and URLs


def _decimal(value, what: str) -> Decimal:
    """A finite number with at most one decimal place (how points are stored)."""
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if (
        number is None
        or not number.is_finite()
        or number.normalize().as_tuple().exponent < -1
        or abs(number) >= 1000
    ):
        raise StandardInvalid(_("%(what)s is not a number: %(value)s") % {"what": what, "value": value})
    return number


def validate_spec(spec: dict) -> dict:
    """Check a standard given as plain data; raise StandardInvalid listing every problem."""
    problems = []
    for key in ("code", "name", "issuer", "level", "title", "effective_date"):
        if not spec.get(key):
            problems.append(_("Missing: %(field)s") % {"field": key})
    if spec.get("code") and not _CODE.fullmatch(str(spec["code"])):
        problems.append(
            _("The standard code holds only letters, digits, hyphens and underscores (at most 64).")
        )
    if spec.get("level") and spec["level"] not in Level.values:
        problems.append(_("Unknown level: %(value)s") % {"value": spec["level"]})
    if spec.get("title") and spec["title"] not in TitleKind.values:
        problems.append(_("Unknown title: %(value)s") % {"value": spec["title"]})
    if (
        spec.get("level") in Level.values
        and spec.get("title") in TitleKind.values
        and spec["title"] not in TITLES_OF_LEVEL[Level(spec["level"])]
    ):
        problems.append(_("This title does not belong to this level."))
    items = spec.get("items") or []
    if not items:
        problems.append(_("A standard needs at least one item."))
    for n, item in enumerate(items, start=1):
        if not str(item.get("text", "")).strip() or not str(item.get("section", "")).strip():
            problems.append(_("Item %(n)s: section and text are required.") % {"n": n})
        item["points"] = _decimal(item.get("points"), _("Item %(n)s points") % {"n": n})
        if item["points"] <= 0:
            problems.append(_("Item %(n)s: points must be more than zero.") % {"n": n})
        step = item.get("step")
        item["step"] = (
            rules.SCORE_STEP if step in (None, "") else _decimal(step, _("Item %(n)s step") % {"n": n})
        )
        if item["step"] not in rules.SCORE_STEPS:
            problems.append(_("Item %(n)s: the score step is 0.1, 0.5 or 1.") % {"n": n})
        elif item["points"] > 0 and item["points"] % item["step"]:
            problems.append(_("Item %(n)s: the points are not a multiple of the score step.") % {"n": n})
        if item.get("indicator") and item["indicator"] not in IndicatorKey.values:
            problems.append(_("Item %(n)s: unknown indicator %(key)s") % {"n": n, "key": item["indicator"]})
        scoring = item.get("scoring") or {}
        if not isinstance(scoring, dict) or rules.scoring_problems(
            scoring, rules.INDICATORS.get(item.get("indicator") or ""), IndicatorKey.values
        ):
            problems.append(
                _("Item %(n)s: the scoring from the indicator is not valid (threshold, linear or bands).")
                % {"n": n}
            )
    for n, veto in enumerate(spec.get("vetoes") or [], start=1):
        if not str(veto.get("text", "")).strip():
            problems.append(_("Veto %(n)s: the condition is required.") % {"n": n})
        if veto.get("indicator") not in IndicatorKey.values:
            problems.append(
                _("Veto %(n)s: unknown indicator %(key)s") % {"n": n, "key": veto.get("indicator")}
            )
    targets = spec.get("targets") or {}
    if not isinstance(targets, dict):
        targets = {str(targets): None}
    for key, target in targets.items():
        indicator = rules.INDICATORS.get(key)
        try:
            number = Decimal(str(target))
        except (InvalidOperation, ValueError):
            number = None
        if indicator is None or indicator.unit is rules.Unit.FLAG or number is None or not number.is_finite():
            problems.append(_("Own target %(key)s: %(value)s is not valid.") % {"key": key, "value": target})
        elif indicator.unit is rules.Unit.RATE and not Decimal(0) <= number <= Decimal(1):
            problems.append(_("Own target %(key)s: a rate lies between 0 and 1.") % {"key": key})
    spec["targets"] = targets
    gates = spec["gates"] = spec.get("gates") or []
    if not isinstance(gates, list) or any(
        not isinstance(g, dict) or g.get("indicator") not in rules.INDICATORS for g in gates
    ):
        problems.append(_("A gate names an unknown indicator."))
    total = rules.points_error([i["points"] for i in items if isinstance(i.get("points"), Decimal)])
    if items and total is not None:
        problems.append(_("The points of the items add up to %(total)s, not 100.") % {"total": total})
    spec["pass_mark"] = _decimal(
        spec.get("pass_mark") if spec.get("pass_mark") not in (None, "") else 85, "pass mark"
    )
    if not Decimal(0) <= spec["pass_mark"] <= rules.TOTAL_POINTS:
        problems.append(_("The pass mark lies between 0 and 100."))
    if problems:
        raise StandardInvalid(_("The standard cannot be saved: %(problems)s") % {"problems": "; ".join(problems)},
                              problems=problems)  # fmt: skip
    return spec


def _write_contents(standard: Standard, spec: dict) -> None:
    sections: dict[str, Section] = {}
    items = []
    for n, item in enumerate(spec["items"]):
        name = str(item["section"]).strip()
        if name not in sections:
            sections[name] = Section.objects.create(standard=standard, order=len(sections) + 1, name=name)
        items.append(
            StandardItem(
                section=sections[name],
                order=n + 1,
                text=str(item["text"]).strip(),
                points=item["points"],
                step=item.get("step") or rules.SCORE_STEP,
                guidance=str(item.get("guidance") or "").strip(),
                evidence_expected=str(item.get("evidence_expected") or "").strip()[:255],
                indicator=item.get("indicator") or "",
                scoring=item.get("scoring") or {},
            )
        )
    StandardItem.objects.bulk_create(items)
    VetoRule.objects.bulk_create(
        [
            VetoRule(
                standard=standard, order=n + 1, text=str(v["text"]).strip()[:255], indicator=v["indicator"]
            )
            for n, v in enumerate(spec.get("vetoes") or [])
        ]
    )


_HEADER = (
    "name",
    "issuer",
    "level",
    "title",
    "kind",
    "effective_date",
    "description",
    "pass_mark",
    "targets",
    "gates",
)


@transaction.atomic
def standard_save(
    *, actor: User, spec: dict, standard: Standard | None = None, edits: int | None = None
) -> Standard:
    """Create a standard, or change one: a version already used by an assessment is never
    changed; the change becomes a new version and past assessments keep theirs."""
    permissions.require(actor, "assessment.manage_standards")
    spec = validate_spec(dict(spec))
    if standard is None:
        latest = selectors.latest_version(spec["code"])
        if latest is not None:
            raise StandardInvalid(_("A standard with this code exists; edit it to make a new version."))
        version, target = 1, None
    else:
        standard = Standard.objects.select_for_update().get(pk=standard.pk)
        newest = selectors.latest_version(standard.code)
        if newest.pk != standard.pk:
            raise Conflict(_("Only the newest version of a standard can be edited."))
        if edits is not None and edits != standard.edits:
            raise versioning.StaleEdit(
                _(
                    "Someone else changed this record while you were editing it. Your changes were "
                    "not saved; reload the page to see the current record."
                ),
                changes=[],
            )
        if selectors.is_in_use(standard):
            version, target = standard.version + 1, None
        else:
            version, target = standard.version, standard
    header = {k: spec[k] for k in _HEADER if k in spec}
    header.setdefault("kind", Standard.Kind.SCORED)
    if target is None:
        code = standard.code if standard is not None else spec["code"]
        before = None
        target = Standard.objects.create(code=code, version=version, created_by=actor, **header)
    else:
        before = selectors.standard_spec(target)
        for k, v in header.items():
            setattr(target, k, v)
        target.edits += 1
        target.full_clean(exclude=["created_by"])
        target.save()
        target.sections.all().delete()
        target.veto_rules.all().delete()
    _write_contents(target, spec)
    audit.record(
        actor=actor,
        action="standard.save",
        obj=target,
        branch_path="",
        before=audit.snapshot(target) if before is None else {"version": target.version},
        after={
            "version": target.version,
            "items": len(spec["items"]),
            "vetoes": len(spec.get("vetoes") or []),
        },
    )
    return target


def _contents(spec: dict) -> dict:
    """What a version holds, comparable between a seed and a stored version."""
    return {
        "header": (
            *(str(spec.get(k) or "") for k in ("name", "issuer", "level", "title", "description")),
            spec.get("kind") or Standard.Kind.SCORED,
            Decimal(spec["pass_mark"]),
            {k: str(v) for k, v in (spec.get("targets") or {}).items()},
            spec.get("gates") or [],
        ),
        "items": [
            (str(i["section"]).strip(), str(i["text"]).strip(), Decimal(i["points"]), i.get("indicator") or "",
             i.get("scoring") or {}, str(i.get("guidance") or "").strip(), str(i.get("evidence_expected") or "").strip(),
             Decimal(i.get("step") or rules.SCORE_STEP))
            for i in spec["items"]
        ],
        "vetoes": [(str(v["text"]).strip(), v["indicator"]) for v in spec.get("vetoes") or []],
    }  # fmt: skip


@transaction.atomic
def standards_install() -> list[Standard]:
    """Install the standards of the source documents (``assessment.seeds``).

    A system step (like a migration), so no actor: the audit trail records it without one. A code
    not yet present is installed as version 1. Where the bundled content has changed since the newest
    version was installed, and no officer has made a version since, it is installed as a NEW version:
    a version is never edited, and assessments already made keep theirs. A version an officer made is
    left as it is. Idempotent.
    """
    from ..seeds import FIRST_EDITIONS, STANDARDS

    created = []
    for spec in [*FIRST_EDITIONS, *STANDARDS]:
        spec = validate_spec({**spec, "items": [dict(i) for i in spec["items"]]})
        newest = selectors.latest_version(spec["code"])
        if newest is not None and (
            newest.created_by_id is not None
            or any(
                _contents(selectors.standard_spec(selectors.standard_full(v.pk))) == _contents(spec)
                for v in Standard.objects.filter(code=spec["code"])
            )
        ):
            continue
        header = {k: spec[k] for k in _HEADER if k in spec}
        version = 1 if newest is None else newest.version + 1
        standard = Standard.objects.create(code=spec["code"], version=version, **header)
        _write_contents(standard, spec)
        audit.record(
            actor=None,
            action="standard.install",
            obj=standard,
            branch_path="",
            after={"code": standard.code, "version": standard.version},
        )
        created.append(standard)
    return created
