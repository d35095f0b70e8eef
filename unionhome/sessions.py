"""Sessions read from the cache (Redis) and kept in the database, that keep working when the cache
is down (docs/SCALING.md): every cache call that fails is logged and answered as a miss, so the
database serves the session and nobody is logged out or shown an error page."""

from __future__ import annotations

import logging

from django.contrib.sessions.backends import cached_db

log = logging.getLogger("django.contrib.sessions")


class _QuietCache:
    """The session cache with its failures turned into misses."""

    _MISS = {"get": None, "set": False, "add": False, "delete": False, "touch": False}

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        method = getattr(self._cache, name)
        if name not in self._MISS:
            return method

        def quiet(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except Exception:
                log.warning("session cache unavailable (%s); using the database", name, exc_info=True)
                return self._MISS[name]

        return quiet

    def __contains__(self, key) -> bool:
        try:
            return key in self._cache
        except Exception:
            log.warning("session cache unavailable; using the database", exc_info=True)
            return False


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _QuietCache(self._cache)
