"""What every form of every app shares: the one date input, text cleaning and the version field.

- ``DateInput`` renders ISO ``YYYY-MM-DD``, the only value ``<input type="date">`` shows; a date the
  server pre-fills in any other shape looks empty and an unchanged save would wipe it.
- ``clean_text`` drops the characters nobody types on purpose (bidirectional and zero-width
  controls, C0 controls; newline and tab stay in multi-line text). It never folds full-width
  punctuation: （），： are kept as typed. The roster import calls the same function.
- ``CleanFormMixin`` applies ``clean_text`` to every text field of a bound form, caps a text
  field that sets no length (5,000 characters multi-line, 500 single-line) and gives every date
  field the ISO date input; ``Form`` and ``ModelForm`` are the bases every form inherits.
- ``VersionedFormMixin`` carries the record's ``version`` as a hidden field, so the service can
  refuse a save made from a stale copy (``unionhome/versioning.py``).
"""

from __future__ import annotations

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy

ISO_DATE = "%Y-%m-%d"
# Caps of a text field that sets none (the model's max_length, when there is one, is lower).
TEXT_MAX_CHARS = 5000  # multi-line text
LINE_MAX_CHARS = 500  # single-line text

# Bidirectional controls (LRE…RLO, LRI…PDI, LRM, RLM) and zero-width characters (ZWSP, ZWNJ, ZWJ,
# word joiner, BOM); C0 controls, DEL and C1 controls.
_INVISIBLE = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u200b-\u200d\u2060\ufeff"
_CONTROL_SINGLE_LINE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_CONTROL_MULTI_LINE = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_INVISIBLE}]")


def clean_text(value, *, multiline: bool = False):
    """The text without control, bidirectional and zero-width characters (None stays None).

    Single-line text loses every C0 control; multi-line text keeps newline, carriage return and tab.
    """
    if value is None or not isinstance(value, str):
        return value
    pattern = _CONTROL_MULTI_LINE if multiline else _CONTROL_SINGLE_LINE
    return pattern.sub("", value)


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value in ISO ``YYYY-MM-DD`` whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 - Django's own argument name
        super().__init__(attrs=attrs, format=format or ISO_DATE)


def _is_text_field(field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(
        field.widget, forms.HiddenInput | forms.PasswordInput
    )


def _cap(field, limit: int) -> None:
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs.setdefault("maxlength", str(limit))


CHOOSE = gettext_lazy("Please choose")  # a select's empty choice


def _name_the_empty_choice(field) -> None:
    """A select's empty choice reads "please choose" in the page's language, never Django's
    "---------" (a filter's empty choice says "all" itself: its own label is kept)."""
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
        field.empty_label = CHOOSE
    elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
        field, forms.ModelChoiceField
    ):
        choices = list(field.choices)
        if choices and choices[0] == ("", "---------"):
            field.choices = [("", CHOOSE), *choices[1:]]


class CleanFormMixin:
    """Strips invisible and control characters from the text a bound form receives; ISO dates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and not isinstance(field.widget, DateInput):
                field.widget = DateInput(attrs=field.widget.attrs)
            if _is_text_field(field) and field.max_length is None:
                _cap(field, TEXT_MAX_CHARS if isinstance(field.widget, forms.Textarea) else LINE_MAX_CHARS)
            _name_the_empty_choice(field)
        if self.is_bound and self.data:
            self.data = self._cleaned_data_copy()

    def _cleaned_data_copy(self):
        data = self.data.copy()
        for name, field in self.fields.items():
            if not _is_text_field(field):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            if hasattr(data, "setlist"):
                data.setlist(key, [clean_text(v, multiline=multiline) for v in data.getlist(key)])
            elif isinstance(data[key], list | tuple):
                data[key] = [clean_text(v, multiline=multiline) for v in data[key]]
            else:
                data[key] = clean_text(data[key], multiline=multiline)
        return data


class Form(CleanFormMixin, forms.Form):
    pass


class ModelForm(CleanFormMixin, forms.ModelForm):
    pass


VERSION_MISSING = gettext_lazy(
    "This page is out of date or incomplete; reload it and enter your change again. Nothing was saved."
)


class VersionedFormMixin:
    """A hidden ``version`` field: the record's version when the form was shown.

    A model form takes it from its instance; a plain form from the ``version`` keyword (a form for
    a new record has no version field). The
    service compares it with the row it locks (``unionhome.versioning.check``). The field is
    required: a form sent without it (a forged or stale page) is refused, never saved unchecked.
    Services called without a form (scripts, commands) pass no version and are not checked.
    """

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if version is None:
            instance = getattr(self, "instance", None)
            version = getattr(instance, "version", None) if instance is not None and instance.pk else None
        if version is None:
            return  # a new record: nothing to compare with
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput,
            required=True,
            min_value=0,
            initial=version,
            error_messages={"required": VERSION_MISSING, "invalid": VERSION_MISSING},
        )

    def clean(self):
        cleaned = super().clean()
        # A hidden field's error would not show beside any field: say it at the top of the form.
        if "version" in self._errors:
            self.add_error(None, VERSION_MISSING)
        return cleaned
