"""The layers: the kernel (unionhome) imports no app, and branches imports no other domain app.

Read from the source (the AST of every module), so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("branches", "democracy", "hardship", "ledgers", "assessment")
DYNAMIC_IMPORTERS = {"import_module", "import_string", "__import__"}


def imported_modules(source: str, module: str) -> list[tuple[int, str]]:
    """(line, dotted name) of every module a source imports, relative imports resolved."""
    package = module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.append((node.lineno, name))
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in DYNAMIC_IMPORTERS and node.args and isinstance(node.args[0], ast.Constant):
                found.append((node.lineno, str(node.args[0].value)))
    return found


def forbidden_imports(package: str, forbidden: tuple[str, ...]) -> list[str]:
    problems = []
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        module = ".".join(relative.parts)
        for line, name in imported_modules(path.read_text(encoding="utf-8"), module):
            if name.split(".")[0] in forbidden:
                problems.append(f"{relative}.py:{line} imports {name}")
    return problems


def test_the_kernel_imports_no_app():
    assert not forbidden_imports("unionhome", APPS)


def test_branches_imports_no_other_domain_app():
    assert not forbidden_imports("branches", tuple(a for a in APPS if a != "branches"))


@pytest.mark.parametrize(
    "source",
    [
        "import branches.models",
        "from branches import audit",
        "from democracy.selectors import x",
        "def f():\n    from hardship import models\n",
        "from importlib import import_module\nimport_module('assessment.rules')",
        "from django.utils.module_loading import import_string\nimport_string('branches.demo.seed')",
    ],
)
def test_every_form_of_import_of_an_app_is_seen(source):
    names = [name for _line, name in imported_modules(source, "unionhome.example")]
    assert any(name.split(".")[0] in APPS for name in names)


def test_relative_imports_resolve_inside_their_package():
    assert imported_modules("from . import scope\nfrom .models import User", "unionhome.web") == [
        (1, "unionhome"),
        (2, "unionhome.models"),
    ]
