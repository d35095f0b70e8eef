"""Demo data of the organisation, its committees and its transfers of membership.

``settings.UNIONHOME_DEMO_SEEDERS`` lists their ``seed`` functions in order: ``organisation.seed``
returns the ``DemoContext`` the others (and the other apps' demo data) build on.
"""

from .organisation import DemoContext

__all__ = ["DemoContext"]
