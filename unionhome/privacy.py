"""Which fields hold personal data, and who may read the audit trail of which records.

Each app declares its models once, in its own ``privacy.py``::

    from unionhome.privacy import Sensitivity as S, declare

    declare(
        "hardship.HouseholdMember",
        sensitive={"id_number": S.IDENTITY, "monthly_income": S.FINANCIAL, "ill": S.HEALTH},
        public=("relation",),
        readers=OFFICERS,
    )

- ``sensitive``: field (or snapshot key) → its class. The audit trail never stores the value of
  such a field, only that it changed (with the masked form of an ID number or a phone,
  ``unionhome.masking``); the pages show "changed".
- ``public``: fields whose name suggests personal data but which are not (a worker's name is on
  the roster every officer reads); ``tests/kernel/test_audit_privacy.py`` fails for a field whose
  name or verbose name suggests personal data and that is declared neither way.
- ``nested``: snapshot keys that hold a list of rows of another model (an application's household
  members): each row is redacted by that model's declaration.
- ``readers``: the roles that read the audit trail of this kind of record, at the record's unit or
  below it (docs/PERMISSIONS.md); an undeclared model's events are read by administrators only.
- ``describe``: how an event names the record when ``str()`` would show personal data.

``redact(model, before, after)`` is what ``unionhome.audit`` stores.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

from unionhome.masking import mask_id_number, mask_numbers_in, mask_phone
from unionhome.roles import Role


class Sensitivity(models.TextChoices):
    IDENTITY = "identity", _("identity")  # ID numbers, names of family members
    CONTACT = "contact", _("contact details")  # phones, addresses, e-mail
    FINANCIAL = "financial", _("financial")  # incomes, aid, amounts paid to a person, bank accounts
    HEALTH = "health", _("health")  # illness, disability, diagnoses
    FAMILY = "family", _("family")  # marital status, household
    NARRATIVE = "narrative", _("personal account")  # free text about a person's situation, reasons
    FILE = "file", _("file")  # uploaded files, their stored paths and names
    OPINION = "opinion", _("secret answer")  # ballots, ratings, survey answers
    SECRET = "secret", _("secret")  # passwords, keys


ALL_ROLES = (Role.BRANCH_OFFICER, Role.UNION_OFFICER, Role.DISTRICT_REVIEWER)
OFFICERS = (Role.BRANCH_OFFICER, Role.UNION_OFFICER)
ENTERPRISE_AND_DISTRICT = (Role.UNION_OFFICER, Role.DISTRICT_REVIEWER)
NOBODY: tuple[str, ...] = ()  # administrators only

REDACTED = "redacted"  # the key of a redacted value in a stored snapshot


@dataclass(frozen=True)
class Declaration:
    label: str  # "app_label.ModelName"
    sensitive: dict[str, str] = field(default_factory=dict)
    public: frozenset[str] = frozenset()
    nested: dict[str, str] = field(default_factory=dict)
    readers: tuple[str, ...] = NOBODY
    describe: Callable | None = None


_declarations: dict[str, Declaration] = {}
_discovered = False
_lock = threading.Lock()


def declare(
    label: str,
    *,
    sensitive: dict[str, str] | None = None,
    public: Iterable[str] = (),
    nested: dict[str, str] | None = None,
    readers: Iterable[str] = NOBODY,
    describe: Callable | None = None,
) -> Declaration:
    """Declare one model (by ``"app_label.ModelName"``), once."""
    key = label.lower()
    if key in _declarations:
        raise ImproperlyConfigured(f"privacy of {label} is already declared")
    sensitive = dict(sensitive or {})
    public = frozenset(public)
    unknown = [v for v in sensitive.values() if v not in Sensitivity.values]
    if unknown:
        raise ImproperlyConfigured(f"{label}: unknown sensitivity {unknown}")
    if both := set(sensitive) & public:
        raise ImproperlyConfigured(f"{label}: {sorted(both)} declared both sensitive and public")
    declaration = Declaration(
        key, sensitive, public, {k: v.lower() for k, v in (nested or {}).items()}, tuple(readers), describe
    )
    _declarations[key] = declaration
    return declaration


def declare_public(*labels: str, readers: Iterable[str] = ALL_ROLES) -> None:
    """Declare models that hold no personal data at all."""
    for label in labels:
        declare(label, readers=readers)


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if not _discovered:
            from unionhome.permissions import autodiscover

            autodiscover("privacy")
            _discovered = True


def declarations() -> dict[str, Declaration]:
    _discover()
    return dict(_declarations)


def declaration_of(model_or_label) -> Declaration | None:
    _discover()
    label = model_or_label if isinstance(model_or_label, str) else model_or_label._meta.label_lower
    return _declarations.get(label.lower())


@functools.cache
def _field_names(model) -> dict[str, str]:
    """Snapshot key (name or attname) → field name (per model class, computed once: a bulk write
    asks it for every key of every row)."""
    names = {}
    for f in model._meta.concrete_fields:
        names[f.name] = f.name
        names[f.attname] = f.name
    return names


def sensitivity(model_or_label, key: str) -> str | None:
    """The class of a field or snapshot key of a model (None: not sensitive)."""
    declaration = declaration_of(model_or_label)
    if declaration is None:
        return None
    if key in declaration.sensitive:
        return declaration.sensitive[key]
    meta = getattr(model_or_label, "_meta", None)
    model = meta.model if meta is not None else _model(declaration.label)
    if model is not None:
        name = _field_names(model).get(key)
        if name is not None:
            return declaration.sensitive.get(name)
    return None


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def sensitive_key_names() -> frozenset[str]:
    """Every name declared sensitive on some model: a key that is no field of the event's model
    (a hand-built snapshot) is redacted when its name is one of these."""
    _discover()
    names: set[str] = set()
    for d in _declarations.values():
        names |= set(d.sensitive)
    names -= _ANY_MODEL_PUBLIC
    return frozenset(names)


# Keys that name ordinary facts on some model and personal data on another ("name": a household
# member's is sensitive, a unit's is not): only the model's own declaration decides them.
_ANY_MODEL_PUBLIC = frozenset({"name", "note", "comment", "content", "amount", "file", "reason"})


def readers_of(object_type: str) -> tuple[str, ...]:
    declaration = declaration_of(object_type)
    return declaration.readers if declaration else NOBODY


def readable_types(role: str) -> list[str]:
    """The object types whose audit events a role reads (at its unit and below)."""
    _discover()
    return sorted(label for label, d in _declarations.items() if role in d.readers)


def describe(obj) -> str:
    """How an audit event or an access-log entry names a record (never a personal number)."""
    declaration = declaration_of(obj)
    text = declaration.describe(obj) if declaration and declaration.describe else str(obj)
    return mask_numbers_in(str(text))[:200]


# --- redaction -------------------------------------------------------------------------------------


class Hidden:
    """A sensitive value on its way into the audit trail (``audit.snapshot``): compared, never shown."""

    __slots__ = ("sensitivity", "value")
    __hash__ = None

    def __init__(self, value, sensitivity: str):
        self.value = value
        self.sensitivity = sensitivity

    def __eq__(self, other):
        return self.value == (other.value if isinstance(other, Hidden) else other)

    def __repr__(self):
        return f"<{self.sensitivity}>"


_MISSING = object()


def _raw(value):
    if isinstance(value, Hidden):
        return value.value
    if value is _MISSING:
        return None
    return value


def _empty(value) -> bool:
    return value in (None, "", [], {}) or value is _MISSING


def _masked(cls: str, value) -> str:
    if not isinstance(value, str) or not value:
        return ""
    if cls == Sensitivity.IDENTITY and len(value) >= 15:
        return mask_id_number(value)
    if cls == Sensitivity.CONTACT and value.isdigit():
        return mask_phone(value)
    return ""


def _marker(cls: str, value, changed: bool) -> dict:
    marker = {REDACTED: str(cls), "changed": changed, "filled": not _empty(_raw(value))}
    if masked := _masked(cls, _raw(value)):
        marker["masked"] = masked
    return marker


def is_marker(value) -> bool:
    return isinstance(value, dict) and REDACTED in value


def _plain(value):
    """A value with no rule: numbers in text masked, nested containers redacted by key name."""
    if isinstance(value, Hidden):
        return _marker(value.sensitivity, value, True)
    if isinstance(value, str):
        return mask_numbers_in(value)
    if isinstance(value, dict):
        return redact(None, value, None)[0] if not is_marker(value) else value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _rule(declaration: Declaration | None, fields: dict[str, str], key: str):
    """("nested", label) | ("sensitive", class) | None for one snapshot key."""
    if declaration is not None:
        if key in declaration.nested:
            return "nested", declaration.nested[key]
        name = fields.get(key, key)
        if name in declaration.sensitive:
            return "sensitive", declaration.sensitive[name]
        if key in declaration.sensitive:
            return "sensitive", declaration.sensitive[key]
        if key in fields:
            return None
    if key in sensitive_key_names():
        for d in _declarations.values():
            if key in d.sensitive:
                return "sensitive", d.sensitive[key]
    return None


def _redact_rows(label: str, before, after):
    b_rows = before if isinstance(before, list) else []
    a_rows = after if isinstance(after, list) else []
    b_out, a_out = [], []
    for i in range(max(len(b_rows), len(a_rows))):
        b = b_rows[i] if i < len(b_rows) else None
        a = a_rows[i] if i < len(a_rows) else None
        rb, ra = redact(label, b if isinstance(b, dict) else None, a if isinstance(a, dict) else None)
        if i < len(b_rows):
            b_out.append(rb if isinstance(b, dict) else _plain(b))
        if i < len(a_rows):
            a_out.append(ra if isinstance(a, dict) else _plain(a))
    return (b_out if isinstance(before, list) else _plain(before)), (
        a_out if isinstance(after, list) else _plain(after)
    )


def redact(model, before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """The before/after snapshots of an event on ``model`` as the audit trail may keep them.

    A sensitive key keeps ``{"redacted": class, "changed": …, "filled": …}`` (and the masked form
    of an ID number or a phone) on both sides; nested rows are redacted by their own model.
    """
    if model is None:
        declaration, fields = None, {}
    else:
        declaration = declaration_of(model)
        resolved = _model(model) if isinstance(model, str) else model
        fields = _field_names(resolved) if resolved is not None else {}
    b_in = before if isinstance(before, dict) else {}
    a_in = after if isinstance(after, dict) else {}
    b_out: dict = {}
    a_out: dict = {}
    for key in dict.fromkeys([*b_in, *a_in]):
        b = b_in.get(key, _MISSING)
        a = a_in.get(key, _MISSING)
        rule = _rule(declaration, fields, str(key))
        if rule and rule[0] == "nested":
            rb, ra = _redact_rows(rule[1], None if b is _MISSING else b, None if a is _MISSING else a)
        elif rule or isinstance(b, Hidden) or isinstance(a, Hidden):
            cls = rule[1] if rule else (b if isinstance(b, Hidden) else a).sensitivity
            changed = (
                _raw(b) != _raw(a)
                if before is not None and after is not None
                else not _empty(_raw(a if after is not None else b))
            )
            rb, ra = _marker(cls, b, changed), _marker(cls, a, changed)
        elif isinstance(b, dict) or isinstance(a, dict):
            rb, ra = redact(None, b if isinstance(b, dict) else None, a if isinstance(a, dict) else None)
            rb = rb if isinstance(b, dict) else _plain(b)
            ra = ra if isinstance(a, dict) else _plain(a)
        else:
            rb, ra = _plain(b), _plain(a)
        if b is not _MISSING:
            b_out[key] = rb
        if a is not _MISSING:
            a_out[key] = ra
    return (b_out if before is not None else None), (a_out if after is not None else None)


# --- the kernel's own tables -------------------------------------------------------------------------

declare(
    "unionhome.User",
    sensitive={"password": Sensitivity.SECRET, "email": Sensitivity.CONTACT},
    public=("username", "first_name", "last_name"),
    readers=NOBODY,
)
declare("unionhome.AuditEvent", public=("actor_name", "object_repr"), readers=NOBODY)
declare("unionhome.AccessLog", public=("user_name", "object_repr"), readers=NOBODY)
declare(
    "unionhome.OutboxMessage",
    sensitive={"recipients": Sensitivity.CONTACT, "body": Sensitivity.NARRATIVE},
    public=("from_email",),
    readers=NOBODY,
)
