"""The shared form toolkit: ISO dates in every form, control characters stripped, text as typed,
Django's messages in plain Chinese."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

from unionhome import django_messages
from unionhome.forms import CleanFormMixin, DateInput, Form, clean_text

FORM_MODULES = ["branches.forms", "democracy.forms", "hardship.forms", "assessment.forms"]


def _modules():
    for name in FORM_MODULES:
        module = importlib.import_module(name)
        yield module
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
            yield importlib.import_module(f"{name}.{info.name}")


def _form_classes():
    seen = {}
    for module in _modules():
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
            if hasattr(cls, "_meta") and hasattr(cls, "base_filters") and cls.__module__ == module.__name__:
                seen[f"{cls.__module__}.{cls.__qualname__}.form"] = cls._meta.form
    return seen


FORMS = _form_classes()


def test_the_walk_finds_the_forms_of_every_app():
    assert {name.split(".")[0] for name in FORMS} == {"branches", "democracy", "hardship", "assessment"}
    assert len(FORMS) > 60


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_cleans_text_and_renders_dates_in_iso(name):
    cls = FORMS[name]
    assert issubclass(cls, CleanFormMixin), f"{name} does not inherit unionhome.forms.CleanFormMixin"
    with translation.override("zh-hans"):
        for field_name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField):
                assert isinstance(field.widget, DateInput), f"{name}.{field_name}"
                assert field.widget.format_value(dt.date(2026, 12, 1)) == "2026-12-01"
                assert field.widget.input_type == "date"


def test_a_model_form_date_field_without_a_widget_still_gets_the_iso_input():
    class Plain(Form):
        day = forms.DateField()

    with translation.override("zh-hans"):
        html = str(Plain(initial={"day": dt.date(2026, 12, 1)})["day"])
    assert 'type="date"' in html and 'value="2026-12-01"' in html


@pytest.mark.parametrize(
    ("raw", "multiline", "expected"),
    [
        ("王\u200b小明", False, "王小明"),  # zero-width space
        ("\u202e明小王", False, "明小王"),  # right-to-left override
        ("a\u2066b\u2069c\u200e\u200f", False, "abc"),
        ("\ufeff张三\u2060", False, "张三"),
        ("\u200c\u200d", False, ""),
        ("a\tb\nc\x07", False, "abc"),
        ("第一行\r\n第二行\t缩进\x00\x1b", True, "第一行\r\n第二行\t缩进"),
        ("（北京），地址：朝阳区", False, "（北京），地址：朝阳区"),  # full-width punctuation as typed
        ("\x7f\x85x", False, "x"),
        (None, False, None),
    ],
)
def test_clean_text(raw, multiline, expected):
    assert clean_text(raw, multiline=multiline) == expected


def test_a_form_strips_invisible_characters_and_keeps_full_width_punctuation():
    class Note(Form):
        name = forms.CharField()
        text = forms.CharField(widget=forms.Textarea)

    form = Note(data={"name": "\u202e李四（工会）：", "text": "一\n二\u200b"})
    assert form.is_valid()
    assert form.cleaned_data == {"name": "李四（工会）：", "text": "一\n二"}


def test_an_uncapped_text_field_is_capped():
    class Note(Form):
        line = forms.CharField(required=False)
        text = forms.CharField(widget=forms.Textarea, required=False)

    assert not Note(data={"line": "字" * 501}).is_valid()
    assert not Note(data={"text": "字" * 5001}).is_valid()
    assert Note(data={"line": "字" * 500, "text": "字" * 5000}).is_valid()


@pytest.mark.parametrize("msgid", django_messages.OVERRIDDEN)
def test_each_overridden_django_message_is_the_projects_chinese(msgid):
    with translation.override("zh-hans"):
        text = translation.gettext(msgid)
    assert text != msgid and any("\u4e00" <= c <= "\u9fff" for c in text)
    assert "字段" not in text and "变量" not in text and "空字符串" not in text


@pytest.mark.parametrize("index", range(len(django_messages.OVERRIDDEN_PLURAL)))
def test_each_overridden_plural_message_is_the_projects_chinese(index):
    message = django_messages.OVERRIDDEN_PLURAL[index]
    with translation.override("zh-hans"):
        text = str(message % {"limit_value": 60, "show_value": 61, "num": 15, "max": 3})
    assert any("\u4e00" <= c <= "\u9fff" for c in text)
    assert "变量" not in text and "表单" not in text


def test_the_max_length_message_users_meet_is_plain():
    class Short(Form):
        name = forms.CharField(max_length=60)

    with translation.override("zh-hans"):
        form = Short(data={"name": "字" * 61})
        assert form.errors["name"] == ["最多 60 个字，现在是 61 个。"]
        empty = Short(data={"name": ""})
        assert empty.errors["name"] == ["此项为必填项。"]


def test_the_formset_limit_message_is_plain():
    formset_class = forms.formset_factory(Form, extra=0, max_num=15, validate_max=True)
    data = {"form-TOTAL_FORMS": "16", "form-INITIAL_FORMS": "0"}
    with translation.override("zh-hans"):
        formset = formset_class(data)
        assert formset.non_form_errors() == ["最多只能填写 15 行。"]


def test_invalid_dates_and_choices_are_worded_plainly():
    class Pick(Form):
        day = forms.DateField()
        kind = forms.ChoiceField(choices=[("a", "A")])

    with translation.override("zh-hans"):
        form = Pick(data={"day": "2026-13-40", "kind": "zzz"})
        assert form.errors["day"] == ["请填写正确的日期，例如 2024-01-05。"]
        assert form.errors["kind"] == ["“zzz”不是可选的项，请从列表中选择。"]


def test_a_selects_empty_choice_reads_please_choose_never_dashes(db):
    from django import forms as django_forms

    from branches.models import Branch
    from hardship.forms import MemberForm
    from unionhome.forms import Form

    class Pick(Form):
        unit = django_forms.ModelChoiceField(queryset=Branch.objects.all(), required=False)
        kind = django_forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)

    page = str(Pick()) + str(MemberForm())
    assert "---------" not in page
    assert page.count("请选择") >= 3  # the unit, the kind and the member's relation
