"""Rules modules (``rules.py`` files and ``rules/`` packages) import the standard library and other
rules modules only: plain data in, plain data out (docs/DEVELOPING.md, "Apps and rooms").

`lint-imports` checks the layers between packages; this test checks what a rules module may import,
which an allow-list expresses and a contract of forbidden modules does not.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("unionhome", "branches", "democracy", "hardship", "assessment")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_rules_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] in PACKAGES and "rules" in parts[1:]


def rules_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = _module_name(path)
            if _is_rules_module(name):
                found[name] = path
    return found


def forbidden_imports(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """The imports of a rules module that are neither the standard library nor a rules module."""
    package = module if is_package else module.rpartition(".")[0]
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            if _is_rules_module(base) or base.partition(".")[0] not in PACKAGES:
                targets = [base]
            else:  # `from branches import rules`: the names may be submodules of one of the packages
                targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            top = target.partition(".")[0]
            if top == "__future__" or top in sys.stdlib_module_names or _is_rules_module(target):
                continue
            bad.append((node.lineno, target))
    return [f"line {line}: {target}" for line, target in sorted(bad)]


def test_every_app_has_a_rules_module_to_check():
    assert {"branches.rules", "democracy.rules", "hardship.rules", "assessment.rules"} <= set(rules_modules())


@pytest.mark.parametrize("module", sorted(rules_modules()))
def test_rules_modules_import_only_the_standard_library_and_other_rules_modules(module):
    path = rules_modules()[module]
    source = path.read_text(encoding="utf-8")
    assert forbidden_imports(module, source, is_package=path.name == "__init__.py") == []


def test_the_check_refuses_django_apps_and_the_rules_library_and_allows_stdlib_and_rules():
    source = "\n".join(
        [
            "from __future__ import annotations",
            "import datetime as dt",
            "from decimal import Decimal",
            "from branches.rules import id_check_character",
            "from ..rules import enrolment_rate",
            "from democracy import rules",
            "from django.db import models",
            "import rules",
            "from branches.models import Worker",
            "from .. import selectors",
            "from unionhome import scope",
        ]
    )
    assert forbidden_imports("branches.roster.rules", source) == [
        "line 7: django.db",
        "line 8: rules",
        "line 9: branches.models.Worker",
        "line 10: branches.selectors",
        "line 11: unionhome.scope",
    ]
    assert forbidden_imports("branches.roster.rules", "from . import deadlines") == [
        "line 1: branches.roster.deadlines"
    ]
    assert forbidden_imports("branches.roster.rules", "from . import deadlines", is_package=True) == []
