"""The deployment files never start a production site with a known secret key."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_compose_refuses_to_start_without_a_secret_key():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    uses = re.findall(r"\$\{DJANGO_SECRET_KEY([^}]*)\}", compose)
    assert uses, "docker-compose.yml passes DJANGO_SECRET_KEY to the services"
    # `${VAR:?message}` makes compose stop with the message when the variable is unset or empty;
    # `${VAR:-default}` or `${VAR-default}` would fall back to a key printed in a public file.
    for suffix in uses:
        assert suffix.startswith(":?"), f"DJANGO_SECRET_KEY{suffix} has a fallback"
