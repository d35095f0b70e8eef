"""People pickers that search: a form names a picker, the browser asks the server (docs/SCALING.md).

A form that picks a person never renders the roster as ``<option>`` elements. Its field
(``PickerField`` / ``PickerMultipleField``) renders only the chosen people and the name of a
*picker*; ``static/js/pickers.js`` turns the box into a Tom Select search that calls
``/office/pick/<picker>/?key=…&q=…`` (``unionhome.views_pickers``). Each app declares its pickers
in its ``pickers.py`` with ``register``: a picker's ``candidates(user, key)`` returns the same
scoped queryset the form validates against (and raises ``Http404`` / ``PermissionRefused`` where
the page would), so the endpoint can answer no more than the form accepts. The client sends a
picker's name and a key (a unit's or a term's id), never a query; the answer holds at most
``MAX_RESULTS`` masked labels and every search is written to the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

MAX_RESULTS = 20
MIN_QUERY = 2
MAX_QUERY = 60


@dataclass(frozen=True)
class Picker:
    name: str
    candidates: Callable[..., QuerySet]  # (user, key: str) -> the form's scoped queryset
    search: Callable[[QuerySet, str], QuerySet]  # (candidates, term) -> the matches, ordered
    label: Callable[[object], str]  # a row -> its masked label


_pickers: dict[str, Picker] = {}
_discovered = False


def register(name: str, *, candidates, search, label) -> None:
    if name in _pickers and _pickers[name].candidates is not candidates:
        raise ValueError(f"picker {name!r} is already registered")
    _pickers[name] = Picker(name=name, candidates=candidates, search=search, label=label)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("pickers")
        _discovered = True


def get(name: str) -> Picker:
    """The picker of that name; an unknown name is a 404 (the client names pickers, nothing else)."""
    _discover()
    try:
        return _pickers[name]
    except KeyError:
        raise Http404 from None


def clean_term(raw: str) -> str:
    return " ".join((raw or "").split())[:MAX_QUERY]


def results(picker: Picker, user, key: str, term: str) -> list[dict]:
    """At most ``MAX_RESULTS`` matches among the picker's candidates for this user and key."""
    candidates = picker.candidates(user, key)  # scope and permission first, even for a short term
    term = clean_term(term)
    if len(term) < MIN_QUERY:
        return []
    rows = picker.search(candidates, term)[:MAX_RESULTS]
    return [{"value": str(row.pk), "text": picker.label(row)} for row in rows]


def url(name: str, key="") -> str:
    base = reverse("pick", args=[name])
    return f"{base}?{urlencode({'key': key})}" if key not in ("", None) else base


# --- form fields -------------------------------------------------------------------------------------

NO_SCRIPT = _(
    "Choosing a person needs JavaScript: type two characters of a name or an ID number and pick from the list."
)
TYPE_TO_SEARCH = _("Type two characters of a name or an ID number")
REQUIRED = _("Choose a person: type two characters of a name or an ID number and pick from the list.")
NOT_HERE = _("That person cannot be chosen here.")


class _PickerWidgetMixin:
    """Renders the chosen options only, plus what the script needs to search for the others."""

    def __init__(self, *args, picker: str = "", hint=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.picker = picker
        self.key = ""
        self.hint = hint or TYPE_TO_SEARCH

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-picker-url": url(self.picker, self.key),
                "data-picker-min": str(MIN_QUERY),
                "data-picker-hint": str(self.hint),
                "class": (context["widget"]["attrs"].get("class", "") + " js-picker").strip(),
            }
        )
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v not in ("", None) and str(v).isdigit()]
        iterator = self.choices  # the field's ModelChoiceIterator: its queryset is the form's scope
        groups = []
        if not self.allow_multiple_selected:
            groups.append((None, [self.create_option(name, "", "---------", not chosen, 0, attrs=attrs)], 0))
        if chosen and hasattr(iterator, "queryset"):
            field = iterator.field
            for index, row in enumerate(iterator.queryset.filter(pk__in=chosen)[: len(chosen)], start=1):
                option = self.create_option(
                    name, str(row.pk), field.label_from_instance(row), True, index, attrs=attrs
                )
                groups.append((None, [option], index))
        return groups

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        return html + format_html(
            '<noscript><div class="form-text text-danger">{}</div></noscript>', NO_SCRIPT
        )


class PickerSelect(_PickerWidgetMixin, forms.Select):
    pass


class PickerSelectMultiple(_PickerWidgetMixin, forms.SelectMultiple):
    pass


class _PickerFieldMixin:
    def __init__(self, *, picker: str, queryset=None, **kwargs):
        widget_class = (
            PickerSelectMultiple if issubclass(type(self), forms.ModelMultipleChoiceField) else PickerSelect
        )
        kwargs.setdefault("widget", widget_class(picker=picker))
        kwargs.setdefault("help_text", TYPE_TO_SEARCH)
        super().__init__(queryset=queryset if queryset is not None else _none(), **kwargs)
        self.picker = picker
        self.error_messages = {
            **self.error_messages,
            "required": REQUIRED,
            "invalid_choice": NOT_HERE,
            "invalid_pk_value": NOT_HERE,
        }

    def scope(self, queryset: QuerySet, key="") -> None:
        """The candidates the form accepts and the key the browser sends back with each search."""
        self.queryset = queryset
        self.widget.key = "" if key is None else str(key)

    def label_from_instance(self, obj):
        return get(self.picker).label(obj)


def _none():
    from django.apps import apps
    from django.conf import settings

    return apps.get_model(settings.UNIONHOME_WORKER_MODEL).objects.none()


class PickerField(_PickerFieldMixin, forms.ModelChoiceField):
    """One person, chosen by searching; validated against the scoped queryset like any choice."""


class PickerMultipleField(_PickerFieldMixin, forms.ModelMultipleChoiceField):
    """Several people, chosen by searching; each validated against the scoped queryset."""
