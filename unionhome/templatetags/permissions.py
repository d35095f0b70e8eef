"""Templates ask the named permissions (``unionhome.permissions``), never roles.

``{% load permissions %}`` then ``{% if user|can:"democracy.open_congress" %}`` (no object), or
``{% can user "hardship.approve" application as may_approve %}`` (for one object).
"""

from django import template

from unionhome import permissions

register = template.Library()


@register.filter(name="can")
def can_filter(user, name: str) -> bool:
    return permissions.allowed(user, name)


@register.simple_tag(name="can")
def can_tag(user, name: str, obj=None) -> bool:
    return permissions.allowed(user, name, obj)
