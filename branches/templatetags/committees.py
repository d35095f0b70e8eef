"""The committees section of a unit's page: its findings, read through the selector in scope."""

from django import template

from branches import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unit_findings(context, branch):
    """Findings of the unit itself (committees, posts, leadership group, funds) for the viewer."""
    return selectors.unit_findings(context["request"].user, branch)
