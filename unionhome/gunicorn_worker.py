"""gunicorn's worker with the site's own answer to a request line gunicorn refuses.

gunicorn refuses a request line longer than its largest limit (8190 bytes, ``gunicorn.conf.py``)
before Django sees the request, with a bare English page. This worker answers that refusal with
the site's Chinese 414 page (``templates/414.html``, rendered without a request, as the 500 page
is); every other error is gunicorn's own handling.
"""

from __future__ import annotations

from gunicorn.http.errors import LimitRequestLine
from gunicorn.workers.sync import SyncWorker as _SyncWorker


def page_414() -> bytes:
    """The whole HTTP response of the site's 414 page, in the site's default language."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string("414.html", {"limit": settings.UNIONHOME_MAX_URL_CHARS}).encode()
    head = (
        "HTTP/1.1 414 URI Too Long\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Cache-Control: no-store\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


class SyncWorker(_SyncWorker):
    """gunicorn's sync worker; a request line over the limit gets the site's 414 page."""

    def handle_error(self, req, client, addr, exc):
        if not isinstance(exc, LimitRequestLine):
            return super().handle_error(req, client, addr, exc)
        try:
            page = page_414()
        except Exception:  # a broken page must not cost the worker: gunicorn's own answer then
            self.log.exception("The site's 414 page could not be rendered.")
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", addr[0] if addr else "?", exc)
        try:
            client.sendall(page)
        except OSError:
            self.log.debug("The client left before the 414 page was sent.")
        return None
