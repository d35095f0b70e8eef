from django.conf import settings

from unionhome import navigation as menus
from unionhome import scope


def navigation(request):
    user = getattr(request, "user", None)
    is_office = bool(user and scope.is_staff_member(user))
    return {
        "nav_is_office": is_office,
        "nav_is_worker": bool(user and getattr(user, "worker_id", None)),
        "nav_roles": scope.roles(user) if user else set(),
        "site_name": settings.SITE_NAME,
        "nav": menus.menus(request),
    }
