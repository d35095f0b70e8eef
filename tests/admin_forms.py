"""Posting the Django admin's own forms in tests: the data a browser would send, read from the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Model


def _value(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    return value


def _form_data(form, data: dict) -> None:
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets") and isinstance(value, list | tuple):  # split date and time
            for index, part in enumerate(value):
                data[f"{key}_{index}"] = "" if part is None else _value(part)
            continue
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            continue
        data[key] = "" if value is None else _value(value)


def admin_form_data(response, **changes) -> dict:
    """The POST data of an admin add/change page as shown (``response`` of its GET), with ``changes``.

    Inlines are posted as shown (their management forms and rows); a ``changes`` value of ``None``
    leaves the field empty, ``True``/``False`` ticks or clears a checkbox.
    """
    data: dict = {}
    _form_data(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_data(formset.management_form, data)
        for form in formset.forms:
            _form_data(form, data)
    for key, value in changes.items():
        if value is False or value is None:
            data.pop(key, None)
            if value is None:
                data[key] = ""
        elif value is True:
            data[key] = "on"
        else:
            data[key] = _value(value)
    return data
