from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """Look a key up in a dict (``{{ labels|get:finding }}``)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
