from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the user picked another language (the language cookie).

    The browser's Accept-Language is not consulted: the union's pages, messages and documents
    are Chinese first, whatever the machine they are opened on.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecondFactorMiddleware:
    """Send a user who needs a second factor and has not given one to the TOTP page.

    Who needs it: administrators, district reviewers and union officers
    (``scope.requires_second_factor``), when ``UNIONHOME_REQUIRE_2FA`` is on.
    """

    OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.shortcuts import redirect

        from unionhome import scope

        user = getattr(request, "user", None)
        if (
            settings.UNIONHOME_REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self.OPEN_PREFIXES)
            and not user.is_verified()
            and scope.requires_second_factor(user)
        ):
            return redirect(f"{settings.UNIONHOME_2FA_URL}?next={request.get_full_path()}")
        return self.get_response(request)
