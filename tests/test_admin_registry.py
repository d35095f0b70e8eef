"""Every model of the project is registered in the admin, and append-only records stay read-only there."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

APPS = ("unionhome", "branches", "democracy", "hardship", "ledgers", "assessment")


def _administered() -> set:
    """Models with an admin of their own, or edited inline in one."""
    models = set(admin.site._registry)
    for model_admin in admin.site._registry.values():
        models |= {inline.model for inline in model_admin.inlines}
    return models


@pytest.mark.parametrize("app", APPS)
def test_every_model_is_registered_in_the_admin(app):
    administered = _administered()
    missing = [m._meta.label for m in apps.get_app_config(app).get_models() if m not in administered]
    assert not missing, f"models without an admin: {missing}"


@pytest.mark.parametrize("label", ["unionhome.AuditEvent", "unionhome.AccessLog"])
def test_append_only_records_cannot_be_changed_in_the_admin(label, world):
    model_admin = admin.site._registry[apps.get_model(label)]
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
