"""Every admin page of every registered model, as each demo role: only superusers get in, and for
them the admin never writes around the services.

- changelist, add and change pages: a superuser opens them (the add page of a read-only admin: 403);
  every other role is sent to the admin's login page;
- a read-only admin refuses every POST (add, change, delete: 403) and nothing changes;
- a writable admin's change form, posted with one field changed, either writes through a service
  (the row changes and an audit row appears) or is refused (the row is unchanged);
- a delete, where the admin offers one, either goes through a service (audited) or is refused.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.forms import fields as form_fields
from django.test import RequestFactory
from django.urls import reverse

from tests.admin_forms import admin_form_data
from unionhome.models import AuditEvent, User

ROLES = ("worker", "branch", "officer", "officer_b", "district", "admin")
MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)
# The project's own models (third-party admins, e.g. login throttling, keep their own rules).
APPS = ("unionhome", "branches", "democracy", "hardship", "ledgers", "assessment")
OWN_MODELS = [m for m in MODELS if m._meta.app_label in APPS]


def _label(model) -> str:
    return model._meta.label


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _first(model):
    return model._default_manager.order_by("pk").first()


def _row(obj) -> dict:
    model = type(obj)
    fields = [f.attname for f in model._meta.concrete_fields]
    return model._default_manager.filter(pk=obj.pk).values(*fields).first()


def _permissions(model, user) -> tuple[bool, bool, bool]:
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = user
    obj = _first(model)
    return (
        model_admin.has_add_permission(request),
        obj is not None and model_admin.has_change_permission(request, obj),
        obj is not None and model_admin.has_delete_permission(request, obj),
    )


@pytest.mark.parametrize("model", MODELS, ids=_label)
def test_only_superusers_open_the_admin_pages_of_each_model(demo_data, client, model):
    obj = _first(model)
    urls = [_url(model, "changelist"), _url(model, "add")]
    if obj is not None:
        urls.append(_url(model, "change", obj.pk))
    for role in ROLES:
        user = User.objects.get(username=role)
        client.force_login(user)
        may_add = _permissions(model, user)[0] if user.is_superuser else False
        for url in urls:
            status = client.get(url).status_code
            if not user.is_superuser:
                assert status == 302, f"{role} GET {url}: {status}"
            elif url == _url(model, "add"):
                assert status == (200 if may_add else 403), f"{role} GET {url}: {status}"
            else:
                assert status == 200, f"{role} GET {url}: {status}"


def _change_one_field(form, data: dict) -> str | None:
    """Change the first editable field that can be changed without knowing the model; its name."""
    today = dt.date.today()
    for name, field in form.fields.items():
        if field.disabled or getattr(field, "choices", None) is not None:
            continue
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field, form_fields.CharField) and not isinstance(field, form_fields.SlugField):
            if value and (field.max_length is None or len(str(value)) < field.max_length):
                data[key] = f"{value}·"
                return name
        elif isinstance(field, form_fields.DateField) and not isinstance(field, form_fields.DateTimeField):
            data[key] = str(today if not value else dt.date.fromisoformat(str(value)) + dt.timedelta(days=1))
            return name
        elif isinstance(field, form_fields.BooleanField):
            if value:
                data.pop(key, None)
            else:
                data[key] = "on"
            return name
    return None


@pytest.mark.parametrize("model", OWN_MODELS, ids=_label)
def test_a_superuser_writes_only_through_the_services(demo_data, client, model):
    superuser = User.objects.get(username="admin")
    client.force_login(superuser)
    may_add, may_change, may_delete = _permissions(model, superuser)
    obj = _first(model)
    events = AuditEvent.objects.count()
    count = model._default_manager.count()
    if not may_add:
        assert client.post(_url(model, "add"), {}).status_code == 403
    if obj is None:
        assert model._default_manager.count() == count
        return
    before = _row(obj)
    if not may_change:
        assert client.post(_url(model, "change", obj.pk), {}).status_code == 403
        assert _row(obj) == before
    else:
        page = client.get(_url(model, "change", obj.pk))
        data = admin_form_data(page)
        _change_one_field(page.context["adminform"].form, data)
        response = client.post(_url(model, "change", obj.pk), data)
        assert response.status_code in (200, 302)
        if _row(obj) != before:
            assert AuditEvent.objects.count() > events, (
                f"{_label(model)} changed in the admin without an audit row"
            )
    events = AuditEvent.objects.count()
    response = client.post(_url(model, "delete", obj.pk), {"post": "yes"})
    if not may_delete:
        assert response.status_code == 403 and _row(obj) is not None
    elif _row(obj) is None:
        assert AuditEvent.objects.count() > events, (
            f"{_label(model)} deleted in the admin without an audit row"
        )


@pytest.mark.parametrize("model", OWN_MODELS, ids=_label)
def test_every_writable_admin_saves_and_deletes_through_its_own_code(model):
    """Django's default save and delete write the row directly, unaudited: a writable admin overrides them."""
    model_admin = admin.site._registry[model]
    superuser = User(is_superuser=True, is_active=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    cls = type(model_admin)
    if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
        assert cls.save_model is not admin.ModelAdmin.save_model, (
            f"{_label(model)}: save_model writes directly"
        )
    if model_admin.has_delete_permission(request):
        assert cls.delete_model is not admin.ModelAdmin.delete_model, f"{_label(model)}: delete_model"
        assert cls.delete_queryset is not admin.ModelAdmin.delete_queryset, (
            f"{_label(model)}: delete_queryset"
        )
