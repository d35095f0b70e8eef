"""The audit trail (操作记录) and the access log (查阅记录) as people read them.

Who reads which event: ``unionhome.permissions`` names it (``unionhome.read_audit_trail``,
``unionhome.read_access_log``) and ``audit_events``/``access_entries`` select the same rows: an
event is read by the roles each app declares for its kind of record (``privacy.declare(readers=)``)
at the event's unit or above it.

How they read: a label per action code and per access-log detail (each app registers its own in its
``privacy.py``: ``label_actions``, ``label_details``), workflow steps labelled by their workflow,
field names by their verbose names, choices by their labels, booleans as yes / no, empty as "—",
and a sensitive field only as "changed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from unionhome import privacy, scope
from unionhome.masking import mask_numbers_in
from unionhome.models import AccessLog, AuditEvent
from unionhome.roles import Role

_action_labels: dict[str, object] = {}
_detail_labels: dict[str, object] = {
    # written by the kernel's people-picker search (unionhome/views_pickers.py)
    "picker_search": gettext_lazy("Searched people to choose, %(results)s shown"),
}

# Keys of hand-built snapshots that are no field of the record.
KEY_LABELS = {
    "reason": gettext_lazy("reason"),
    "comment": gettext_lazy("comment"),
    "query": gettext_lazy("filter"),
    "rows": gettext_lazy("rows"),
    "created": gettext_lazy("records created"),
    "updated": gettext_lazy("records updated"),
    "unchanged": gettext_lazy("records unchanged"),
    "members": gettext_lazy("household members"),
    "name": gettext_lazy("name"),
    "size": gettext_lazy("size"),
    "type": gettext_lazy("type"),
    "results": gettext_lazy("results"),
    "year": gettext_lazy("year"),
    "cosigner": gettext_lazy("co-signer"),
    "score": gettext_lazy("score"),
}


def label_actions(labels: dict[str, object]) -> None:
    """Register how action codes read (``"worker.update": _("Edited a worker")``)."""
    for code in labels:
        if code in _action_labels:
            raise ValueError(f"action {code!r} is already labelled")
    _action_labels.update(labels)


def label_details(labels: dict[str, object]) -> None:
    """Register how access-log details read (``"roster": _("Roster, %(rows)s rows")``)."""
    for key in labels:
        if key in _detail_labels:
            raise ValueError(f"detail {key!r} is already labelled")
    _detail_labels.update(labels)


def _workflow_labels() -> dict[str, str]:
    from unionhome import workflow

    found = {}
    for wf in workflow.all_workflows():
        prefix = wf.audit_action or wf.name
        for action in wf.all_actions():
            found[f"{prefix}.{action}"] = f"{wf.label}：{wf.action_label(action)}"
    return found


def action_label(code: str) -> str:
    """What an action code means; a generic label (never the code) for one nobody labelled."""
    privacy.declarations()  # each app's privacy module registers its labels
    if code in _action_labels:
        return str(_action_labels[code])
    from_workflow = _workflow_labels().get(code)
    return from_workflow or _("Other change")


def is_labelled(code: str) -> bool:
    privacy.declarations()
    return code in _action_labels or code in _workflow_labels()


def detail_text(key: str, args: dict | None) -> str:
    """An access-log detail in the reader's language ("导出花名册 120 行")."""
    privacy.declarations()
    if not key:
        return ""
    label = _detail_labels.get(key)
    if label is None:
        return key  # an entry written before details were labelled: free text
    try:
        return str(label) % (args or {})
    except (KeyError, TypeError, ValueError):
        return str(label)


def detail_keys() -> list[str]:
    privacy.declarations()
    return sorted(_detail_labels)


# --- who reads which rows ----------------------------------------------------------------------------


def may_open_audit_trail(user) -> bool:
    return scope.is_staff_member(user)


def may_read_event(user, event: AuditEvent) -> bool:
    """The user holds, at the event's unit or above, a role that reads this kind of record."""
    if scope.is_admin(user):
        return True
    readers = privacy.readers_of(event.object_type)
    return bool(event.branch_path) and bool(readers) and scope.covers(user, event.branch_path, *readers)


def audit_events(user) -> QuerySet[AuditEvent]:
    """The events the user may read (``may_read_event`` as a query)."""
    qs = AuditEvent.objects.select_related("actor")
    if scope.is_admin(user):
        return qs
    condition = Q(pk__in=[])
    for role in Role:
        paths = scope.branches_for(user, role)
        types = privacy.readable_types(role)
        if paths and types:
            condition |= scope.q_for(paths, "branch_path") & Q(object_type__in=types)
    return qs.filter(condition).exclude(branch_path="")


ACCESS_LOG_ROLES = (Role.UNION_OFFICER, Role.DISTRICT_REVIEWER)


def may_open_access_log(user) -> bool:
    return scope.is_admin(user) or bool(scope.branches_for(user, *ACCESS_LOG_ROLES))


def may_read_access(user, entry: AccessLog) -> bool:
    return scope.is_admin(user) or (
        bool(entry.branch_path) and scope.covers(user, entry.branch_path, *ACCESS_LOG_ROLES)
    )


def access_entries(user) -> QuerySet[AccessLog]:
    """Access to sensitive records: union officers their enterprise's, district reviewers all."""
    qs = AccessLog.objects.select_related("user")
    if scope.is_admin(user):
        return qs
    return scope.limit(qs, user, "branch_path", *ACCESS_LOG_ROLES).exclude(branch_path="")


# --- filters ---------------------------------------------------------------------------------------------


@dataclass
class Filters:
    unit: str = ""  # a unit's code or (part of its) name
    person: str = ""  # the actor's name or login
    kind: str = ""  # an object type ("hardship.application") or an access kind ("export")
    action: str = ""  # an action code
    start: dt.date | None = None
    end: dt.date | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> Filters:
        f = cls(
            unit=(query.get("unit") or "").strip()[:100],
            person=(query.get("person") or "").strip()[:100],
            kind=(query.get("kind") or "").strip()[:64],
            action=(query.get("action") or "").strip()[:64],
        )
        for name in ("start", "end"):
            raw = (query.get(name) or "").strip()
            if raw:
                try:
                    value = parse_date(raw)
                except ValueError:
                    value = None
                if value is None:
                    f.errors.append(name)
                setattr(f, name, value)
        return f

    def querystring(self) -> str:
        from urllib.parse import urlencode

        pairs = {
            "unit": self.unit,
            "person": self.person,
            "kind": self.kind,
            "action": self.action,
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def _unit_paths(text: str) -> list[str]:
    Unit = scope.unit_model()
    units = Unit.objects.filter(Q(code__iexact=text) | Q(name__icontains=text)).values_list("path", flat=True)
    return list(units[:50])


def _day_bounds(day: dt.date, *, end: bool) -> dt.datetime:
    moment = dt.datetime.combine(day + dt.timedelta(days=1) if end else day, dt.time.min)
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _filter(qs: QuerySet, f: Filters, *, name_fields: tuple[str, str]) -> QuerySet:
    if f.unit:
        paths = _unit_paths(f.unit)
        qs = qs.filter(scope.q_for(paths, "branch_path")) if paths else qs.none()
    if f.person:
        qs = qs.filter(
            Q(**{f"{name_fields[0]}__icontains": f.person}) | Q(**{f"{name_fields[1]}__iexact": f.person})
        )
    if f.start:
        qs = qs.filter(at__gte=_day_bounds(f.start, end=False))
    if f.end:
        qs = qs.filter(at__lt=_day_bounds(f.end, end=True))
    return qs


def filter_events(qs: QuerySet[AuditEvent], f: Filters) -> QuerySet[AuditEvent]:
    qs = _filter(qs, f, name_fields=("actor_name", "actor_username"))
    if f.kind:
        qs = qs.filter(object_type=f.kind)
    if f.action:
        qs = qs.filter(action=f.action)
    return qs


def filter_access(qs: QuerySet[AccessLog], f: Filters) -> QuerySet[AccessLog]:
    qs = _filter(qs, f, name_fields=("user_name", "user_username"))
    if f.kind in AccessLog.Kind.values:
        qs = qs.filter(kind=f.kind)
    return qs


def kind_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else _("Record")


def kind_choices(qs: QuerySet) -> list[tuple[str, str]]:
    """(object type, its name) of the kinds of record present in the rows."""
    types = qs.order_by().values_list("object_type", flat=True).distinct()
    return sorted(((t, kind_label(t)) for t in types if t), key=lambda pair: pair[1])


def action_choices(qs: QuerySet) -> list[tuple[str, str]]:
    codes = qs.order_by().values_list("action", flat=True).distinct()
    return sorted(((c, action_label(c)) for c in codes), key=lambda pair: pair[1])


# --- presentation -------------------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: str
    after: str
    sensitive: bool = False


@dataclass
class Row:
    at: dt.datetime
    what: str
    kind: str
    obj: str
    who: str
    unit: str
    changes: list[Change]
    detail: str = ""


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _fields(model) -> dict:
    if model is None:
        return {}
    found = {}
    for f in model._meta.concrete_fields:
        found[f.name] = f
        found[f.attname] = f
    return found


YES_NO = {True: gettext_lazy("Yes"), False: gettext_lazy("No")}
EMPTY = "—"


def _date_text(value: str) -> str | None:
    if len(value) >= 16 and value[10] == "T":
        parsed = parse_datetime(value)
        if parsed is not None:
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return formats.date_format(parsed, "Y-m-d H:i")
    if len(value) == 10 and value[4] == "-":
        try:
            parsed_day = parse_date(value)
        except ValueError:
            parsed_day = None
        if parsed_day is not None:
            return formats.date_format(parsed_day, "Y-m-d")
    return None


class _Related:
    """The names of the records a page's foreign keys point to, fetched once per model."""

    def __init__(self):
        self.wanted: dict = {}
        self.names: dict = {}

    def want(self, model, pk) -> None:
        if pk not in (None, ""):
            self.wanted.setdefault(model, set()).add(pk)

    def fetch(self) -> None:
        for model, pks in self.wanted.items():
            clean = {pk for pk in pks if isinstance(pk, int | str)}
            for obj in model._default_manager.filter(pk__in=clean):
                self.names[(model, str(obj.pk))] = privacy.describe(obj)

    def name(self, model, pk) -> str:
        return self.names.get((model, str(pk)), f"#{pk}")


def _value_text(value, f=None, related: _Related | None = None) -> str:
    if privacy.is_marker(value):
        return _("recorded") if value.get("filled") else EMPTY
    if value is None or value in ("", "None") or value == [] or value == {}:
        return EMPTY  # "None": a number written as text when it was not set
    if isinstance(value, bool):
        return str(YES_NO[value])
    if f is not None and f.is_relation and f.related_model is not None and related is not None:
        return related.name(f.related_model, value)
    if f is not None and f.choices:
        choices = dict(f.flatchoices)
        if isinstance(value, list):
            return "、".join(str(choices.get(v, v)) for v in value)
        return str(choices.get(value, value))
    if isinstance(value, list):
        if all(isinstance(v, dict) for v in value):
            return _("%(n)s rows") % {"n": len(value)}
        return "、".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{KEY_LABELS.get(k, k)}: {_value_text(v)}" for k, v in value.items())
    if isinstance(value, str):
        return _date_text(value) or value
    return str(value)


def _label(key: str, f) -> str:
    if f is not None:
        return str(f.verbose_name)
    return str(KEY_LABELS.get(key, key))


def _changed(before, after) -> bool:
    if privacy.is_marker(before) or privacy.is_marker(after):
        marker = after if privacy.is_marker(after) else before
        return bool(marker.get("changed"))
    return before != after


def _has_sensitive(value) -> bool:
    if privacy.is_marker(value):
        return True
    if isinstance(value, list):
        return any(_has_sensitive(v) for v in value)
    if isinstance(value, dict):
        return any(_has_sensitive(v) for v in value.values())
    return False


def _changes(event: AuditEvent, related: _Related) -> list[Change]:
    model = _model(event.object_type)
    declaration = privacy.declaration_of(event.object_type)
    fields = _fields(model)
    before = event.before if isinstance(event.before, dict) else None
    after = event.after if isinstance(event.after, dict) else None
    both = before is not None and after is not None
    rows = []
    keys = dict.fromkeys([*(before or {}), *(after or {})])
    for key in keys:
        if key == "id":
            continue  # the record itself: named in the "concerning" column
        f = fields.get(key)
        b = (before or {}).get(key)
        a = (after or {}).get(key)
        if both and not _changed(b, a):
            continue
        # anything the trail holds of a sensitive field (also a row stored before privacy classes)
        cls = privacy.sensitivity(model, key) if model is not None else None
        nested = declaration is not None and key in declaration.nested
        if cls or nested or key in privacy.sensitive_key_names() or _has_sensitive(b) or _has_sensitive(a):
            text = (
                _("changed") if both else (_("recorded") if _filled(a if after is not None else b) else EMPTY)
            )
            rows.append(Change(_label(key, f), "", text, sensitive=True))
            continue
        b_text = _value_text(b, f, related) if before is not None else ""
        a_text = _value_text(a, f, related) if after is not None else ""
        if both and b_text == a_text:
            continue  # None written as "None", and the like: no change a reader could see
        rows.append(Change(_label(key, f), b_text, a_text))
    return rows


def _filled(value) -> bool:
    if privacy.is_marker(value):
        return bool(value.get("filled"))
    return value not in (None, "", [], {})


def _want_related(event: AuditEvent, related: _Related) -> None:
    fields = _fields(_model(event.object_type))
    for side in (event.before, event.after):
        if isinstance(side, dict):
            for key, value in side.items():
                f = fields.get(key)
                if (
                    f is not None
                    and f.is_relation
                    and f.related_model is not None
                    and not privacy.is_marker(value)
                ):
                    related.want(f.related_model, value)


def _units_of(user_ids: set) -> dict:
    """The unit each actor serves at (their first appointment's), else their roster unit."""
    if not user_ids:
        return {}
    units: dict = {}
    Appointment = scope.appointment_model()
    for a in (
        Appointment.objects.filter(user_id__in=user_ids).select_related("branch").order_by("-start", "id")
    ):
        units.setdefault(a.user_id, a.branch.name)
    User = apps.get_model("unionhome", "User")
    for user in User.objects.filter(pk__in=user_ids - set(units), worker__isnull=False).select_related(
        "worker__branch"
    ):
        units[user.pk] = user.worker.branch.name
    return units


def present_events(events) -> list[Row]:
    events = list(events)
    related = _Related()
    for e in events:
        _want_related(e, related)
    related.fetch()
    units = _units_of({e.actor_id for e in events if e.actor_id})
    return [
        Row(
            at=e.at,
            what=action_label(e.action),
            kind=kind_label(e.object_type),
            obj=mask_numbers_in(e.object_repr),
            who=e.actor_name or e.actor_username or _("System"),
            unit=units.get(e.actor_id, ""),
            changes=_changes(e, related),
        )
        for e in events
    ]


def present_access(entries) -> list[Row]:
    entries = list(entries)
    units = _units_of({e.user_id for e in entries if e.user_id})
    return [
        Row(
            at=e.at,
            what=e.get_kind_display(),
            kind=kind_label(e.object_type) if e.object_type else "",
            obj=mask_numbers_in(e.object_repr),
            who=e.user_name or e.user_username or _("System"),
            unit=units.get(e.user_id, ""),
            changes=[],
            detail=mask_numbers_in(detail_text(e.detail, e.detail_args)),
        )
        for e in entries
    ]


label_actions(
    {
        "user.second_factor_enrolled": gettext_lazy("Second factor set up"),
        "user.create": gettext_lazy("Account created"),
        "user.change": gettext_lazy("Account changed"),
        "user.delete": gettext_lazy("Account deleted"),
    }
)
