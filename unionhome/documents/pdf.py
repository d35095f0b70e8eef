"""PDF documents: a template rendered to HTML, then to PDF by WeasyPrint.

Fonts: every document is set in Noto Sans CJK SC (the Debian package ``fonts-noto-cjk``, installed
in the image), embedded in the file, so a PDF reads the same on a machine without Chinese fonts.
Characters Noto lacks, the rare ones of CJK Extension B found in real names (𠀀, 𪚥), come from
HanaMin A/B (``fonts-hanazono``). A template that sets its own font names this stack with
``{% pdf_fonts %}`` (``{% load unionhome %}``); this stylesheet comes first and is only the default.
Relative URLs in a template (``<img src="vendor/...">``) resolve against the vendored static
files; the renderer fetches nothing else (no network, no other file on disk).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from unionhome import downloads

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans CJK", "HanaMinA", "HanaMinB", sans-serif'
BASE_CSS = f"@page {{ size: A4; }} body {{ font-family: {FONT_FAMILY}; }}"


def static_root() -> Path:
    """The folder of the vendored static files (the first of ``STATICFILES_DIRS``)."""
    return Path(settings.STATICFILES_DIRS[0]).resolve()


def _fetcher():
    """WeasyPrint's fetcher, limited to ``data:`` URLs and files under the static folder."""
    from urllib.parse import unquote, urlsplit

    from weasyprint import URLFetcher

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "data" or (
                parts.scheme == "file" and Path(unquote(parts.path)).resolve().is_relative_to(static_root())
            ):
                return super().fetch(url, headers)
            raise ValueError(f"A document may only use the vendored static files, not {url!r}.")

    return StaticFetcher(allowed_protocols=("file", "data"))


def render_html(html: str) -> bytes:
    """HTML text as PDF bytes, with the project's fonts and the static folder as base URL."""
    from weasyprint import CSS, HTML  # imported here: loading WeasyPrint costs time most pages do not need
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    document = HTML(string=html, base_url=static_root().as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[CSS(string=BASE_CSS, font_config=fonts)], font_config=fonts)


def render(template: str, context: dict | None = None, *, request=None) -> bytes:
    """A Django template rendered to PDF bytes."""
    return render_html(render_to_string(template, context or {}, request=request))


def pdf_response(content: bytes, *, label, slug: str = "document", on=None, inline: bool = False):
    """PDF bytes as a download named ``<label>-<date>.pdf`` (``unionhome.downloads``)."""
    return downloads.content_response(
        content, label=label, content_type=downloads.PDF, ext="pdf", on=on, slug=slug, inline=inline
    )
