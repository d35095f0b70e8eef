"""Sessions cached in Redis keep working when Redis is down (unionhome/sessions.py)."""

from __future__ import annotations

from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}
UP = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions-up"}}


@override_settings(SESSION_ENGINE="unionhome.sessions", CACHES=DOWN)
def test_with_the_cache_down_the_database_keeps_the_session(world, client):
    client.force_login(world.users["officer"])  # saved to the database; the cache write is a miss
    response = client.get(reverse("branches:dashboard"))
    assert response.status_code == 200
    assert response.wsgi_request.user == world.users["officer"]
    client.logout()
    assert client.get(reverse("branches:dashboard")).status_code == 302


@override_settings(SESSION_ENGINE="unionhome.sessions", CACHES=UP)
def test_with_the_cache_up_the_session_is_read_from_it(world, client):
    client.force_login(world.users["officer"])
    key = client.session.session_key
    assert caches["default"].get(f"django.contrib.sessions.cached_db{key}") is not None
    assert client.get(reverse("branches:dashboard")).status_code == 200
