"""The site's date formats (``FORMAT_MODULE_PATH``): one format everywhere, YYYY-MM-DD, in every
language, as the ``day`` filter and the date inputs show it (docs/DEVELOPING.md)."""
