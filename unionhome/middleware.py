from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
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


class PrivateNoStoreMiddleware:
    """``Cache-Control: no-store`` and ``Pragma: no-cache`` on every response with personal data.

    That is every response under the workspaces (``/office/``, ``/portal/``, ``/admin/``,
    ``/accounts/``: pages, PDFs, exports and downloads alike) and every response to a browser that
    carries a session cookie, so that neither a shared computer's browser cache nor a proxy keeps a
    copy. Static files (served by WhiteNoise before this middleware, and public) are left cacheable.
    Decided from the path and the cookie only: no database access, so error pages get it too.
    """

    PRIVATE_PREFIXES = ("/office/", "/portal/", "/admin/", "/accounts/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        if request.path.startswith(self.PRIVATE_PREFIXES) or settings.SESSION_COOKIE_NAME in request.COOKIES:
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


def _refusal(status: int, template: str, context: dict | None = None) -> HttpResponse:
    """A refusal page rendered without the request: no context processors, no database (the
    language is already the user's, set by ChineseFirstLocaleMiddleware)."""
    return HttpResponse(render_to_string(template, context or {}), status=status)


class RequestLimitsMiddleware:
    """Refuse, before any view or form reads the request, what no page of the site needs:

    - an address (path and query string) longer than ``UNIONHOME_MAX_URL_CHARS``: 414;
    - a body whose ``Content-Length`` exceeds ``UNIONHOME_MAX_REQUEST_BYTES`` (the largest upload
      plus its form): 413;
    - a body sent without ``Content-Length`` (chunked): 411. Django reads no more of a body than its
      Content-Length says (none without one), so such an upload would arrive empty; it is refused
      with a clear page instead.

    The body is first read by CsrfViewMiddleware's ``process_view`` or the view, both after every
    middleware's request phase: this check comes first wherever it stands in ``MIDDLEWARE``. It
    stands last so that the refusal carries the headers the other middleware add (CSP, no-store).
    """

    BODY_METHODS = ("POST", "PUT", "PATCH")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) > settings.UNIONHOME_MAX_URL_CHARS:  # as sent: percent-encoded
            return _refusal(414, "414.html", {"limit": settings.UNIONHOME_MAX_URL_CHARS})
        length = request.META.get("CONTENT_LENGTH")
        cap = settings.UNIONHOME_MAX_REQUEST_BYTES
        if length:
            try:
                too_large = int(length) > cap
            except ValueError:
                too_large = False  # Django reads nothing of a body with an unreadable length
            if too_large:
                return _refusal(413, "413.html", {"limit_mb": cap // (1024 * 1024)})
        elif request.method in self.BODY_METHODS and request.META.get("HTTP_TRANSFER_ENCODING"):
            return _refusal(411, "411.html")
        return self.get_response(request)
