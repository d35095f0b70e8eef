"""Optimistic concurrency: a record's ``version`` and the refusal of a save from a stale copy.

``VersionField`` is an integer that goes up by one on every ``save()`` of the row (also with
``update_fields``). An edit form carries the version it showed (``unionhome.forms``); the service
locks the row (``select_for_update``) and calls ``check(row, expected, submitted)`` before writing,
so two officers editing the same record cannot silently undo each other: the later save is refused
with the fields that now differ from what was submitted (labels and current values, sensitive ones
masked or only marked as changed). Bulk writes (``QuerySet.update``, ``bulk_update``) add
``version=F("version") + 1`` themselves.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from unionhome.exceptions import Conflict
from unionhome.masking import mask_id_number, mask_phone


class VersionField(models.PositiveIntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", gettext_lazy("version"))
        kwargs.setdefault("default", 0)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname) or 0
        if not add:
            value += 1
            setattr(model_instance, self.attname, value)
        return value

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        if cls._meta.abstract or getattr(cls.save, "_bumps_version", False):
            return
        original = cls.save

        @functools.wraps(original)
        def save(self, *args, update_fields=None, **kwargs):
            if update_fields is not None and name not in update_fields:
                update_fields = [*update_fields, name]
            return original(self, *args, update_fields=update_fields, **kwargs)

        save._bumps_version = True
        cls.save = save


class StaleEdit(Conflict):
    """The record was saved by someone else after the form was shown."""

    code = "stale"

    def __init__(self, message, *, changes: list[tuple[str, str]]):
        super().__init__(message)
        self.changes = changes


def _display(obj, field, value) -> str:
    from unionhome import privacy

    if value in (None, ""):
        return "—"
    sensitivity = privacy.sensitivity(type(obj), field.name)
    if sensitivity:
        text = str(value)
        if sensitivity == privacy.Sensitivity.IDENTITY and len(text) >= 15:
            return mask_id_number(text)
        if sensitivity == privacy.Sensitivity.CONTACT and text.isdigit():
            return mask_phone(text)
        return gettext("changed")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _model_field(obj, key):
    try:
        return obj._meta.get_field(key)
    except FieldDoesNotExist:  # a form field that is no model field: nothing to compare
        return None


def differences(obj, submitted: dict) -> list[tuple[str, str]]:
    """(label, current value) of each submitted field whose stored value differs from the submission."""
    changes = []
    for key, new in submitted.items():
        field = _model_field(obj, key)
        if field is None or not field.concrete or isinstance(field, VersionField) or field.many_to_many:
            continue
        current = getattr(obj, field.name)
        if isinstance(new, models.Model) or isinstance(current, models.Model):
            same = getattr(new, "pk", new) == getattr(current, "pk", current)
        else:
            same = (current or None) == (new or None) if not isinstance(current, bool) else current == new
        if not same:
            changes.append((str(field.verbose_name), _display(obj, field, current)))
    return changes


def check(obj, expected, submitted: dict | None = None) -> None:
    """Refuse the save when the locked row ``obj`` is no longer at the version the form showed.

    ``expected`` None means the caller showed no form (scripts, imports): no check.
    """
    if expected in (None, ""):
        return
    if int(expected) == obj.version:
        return
    changes = differences(obj, submitted or {})
    message = gettext(
        "Someone else changed this record while you were editing it. Your changes were not saved; "
        "reload the page to see the current record."
    )
    if changes:
        listed = gettext("; ").join(f"{label}: {value}" for label, value in changes)
        now_stored = gettext("Now stored:")  # outside the f-string, so that makemessages finds it
        message = f"{message} {now_stored} {listed}"
    raise StaleEdit(message, changes=changes)
