"""gunicorn's own refusal of an over-long request line answers with the site's Chinese 414 page."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from unionhome import gunicorn_worker

BASE = Path(settings.BASE_DIR)


def test_the_414_response_is_the_site_s_styled_chinese_page():
    response = gunicorn_worker.page_414().decode()
    head, body = response.split("\r\n\r\n", 1)
    assert head.startswith("HTTP/1.1 414 ")
    assert f"Content-Length: {len(body.encode())}" in head and "charset=utf-8" in head
    assert "网址过长" in body and 'id="error-home" href="/"' in body and "css/app.css" in body


def test_the_gunicorn_config_uses_the_worker():
    config: dict = {}
    exec((BASE / "gunicorn.conf.py").read_text(encoding="utf-8"), config)  # noqa: S102
    assert config["worker_class"] == "unionhome.gunicorn_worker.SyncWorker"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(port: int, line: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(line + b"\r\nHost: 127.0.0.1\r\n\r\n")
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def gunicorn_server(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    # DEBUG on only so that the static files need no collectstatic manifest here
    env.update(
        DJANGO_DEBUG="1", DJANGO_SECRET_KEY="test-only-" + "x" * 50, DATABASE_URL=f"sqlite:///{tmp_path}/db"
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(BASE / "gunicorn.conf.py")],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_request_line_gunicorn_refuses_gets_the_chinese_414_page(gunicorn_server):
    response = _request(gunicorn_server, b"GET /?" + b"a" * 9000 + b" HTTP/1.1").decode()
    assert response.startswith("HTTP/1.1 414 ")
    assert "网址过长" in response and "URI Too Long</p>" not in response


class _Log:
    def __init__(self):
        self.lines = []

    def exception(self, *args):
        self.lines.append(args)

    warning = debug = exception


def test_a_414_page_that_cannot_render_leaves_the_answer_to_gunicorn(monkeypatch):
    from gunicorn.http.errors import LimitRequestLine

    answered = []
    monkeypatch.setattr(
        gunicorn_worker._SyncWorker, "handle_error", lambda self, *args: answered.append(args)
    )
    monkeypatch.setattr(gunicorn_worker, "page_414", lambda: 1 / 0)
    worker = object.__new__(gunicorn_worker.SyncWorker)
    worker.log = _Log()
    error = LimitRequestLine(9000, 8190)
    worker.handle_error(None, None, ("127.0.0.1", 1), error)
    assert answered == [(None, None, ("127.0.0.1", 1), error)]
