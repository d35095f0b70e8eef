"""SECURITY.md names, for every claim, the tests that prove it: each cited test must exist.

A citation is a pytest node id in backticks, ``tests/<path>.py::<test>`` (``::<Class>::<test>`` for
a test in a class; a ``[...]`` parameter is ignored). Under "What is protected" every paragraph
that opens with a bold heading, and every bullet claim in it, cites at least one test.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECURITY = ROOT / "SECURITY.md"
CLAIMS_SECTION = "## What is protected, and how"
NODE_ID = re.compile(r"`(tests/[\w/]+\.py)((?:::[\w]+)+)(\[[^\]`]*\])?`")
ANY_TEST_PATH = re.compile(r"`(tests/[^`\s]*)`")


def _text() -> str:
    return SECURITY.read_text(encoding="utf-8")


def citations(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(file, (class…, function)) of every node id cited in ``text``."""
    return [(m[1], tuple(m[2].split("::")[1:])) for m in NODE_ID.finditer(text)]


def claims_section(text: str) -> str:
    start = text.index(CLAIMS_SECTION) + len(CLAIMS_SECTION)
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def claim_paragraphs(section: str) -> list[str]:
    """Blocks that start at a line opening with ``**`` and run to the next such line."""
    blocks, current = [], None
    for line in section.splitlines():
        if line.startswith("**"):
            if current is not None:
                blocks.append("\n".join(current))
            current = [line]
        elif current is not None:
            current.append(line)
    if current is not None:
        blocks.append("\n".join(current))
    return blocks


def bullets(paragraph: str) -> list[str]:
    """Each ``- `` item of a paragraph with its indented continuation lines."""
    items: list[list[str]] = []
    for line in paragraph.splitlines():
        if line.startswith("- "):
            items.append([line])
        elif items and line.startswith("  ") and line.strip():
            items[-1].append(line)
        elif not line.strip() and items:
            items.append([])  # a blank line ends an item
    return ["\n".join(i) for i in items if i]


def defined_tests(path: Path) -> set[tuple[str, ...]]:
    """Node-id paths of the module's test functions: ``(name,)`` and ``(Class, name)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, ...]] = set()

    def walk(body, prefix: tuple[str, ...]) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                walk(node.body, (*prefix, node.name))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                found.add((*prefix, node.name))

    walk(tree.body, ())
    return found


# --- the checks of the parsing itself -------------------------------------------------------------

SAMPLE = """# Title

## What is protected, and how

**Scope.** Intro.

- A claim. `tests/a/test_x.py::test_one`, `tests/a/test_x.py::TestK::test_two[role-1]`
- A claim without a test.

**Headers.** `tests/test_y.py::test_three`

## Known limits

- **Limit.** No test here.
"""


def test_the_parser_finds_node_ids_paragraphs_and_bullets():
    assert citations(SAMPLE) == [
        ("tests/a/test_x.py", ("test_one",)),
        ("tests/a/test_x.py", ("TestK", "test_two")),
        ("tests/test_y.py", ("test_three",)),
    ]
    section = claims_section(SAMPLE)
    assert "Known limits" not in section and "Limit" not in section
    paragraphs = claim_paragraphs(section)
    assert [p.splitlines()[0] for p in paragraphs] == [
        "**Scope.** Intro.",
        "**Headers.** `tests/test_y.py::test_three`",
    ]
    items = bullets(paragraphs[0])
    assert len(items) == 2 and not citations(items[1])


def test_defined_tests_include_class_methods_and_skip_helpers(tmp_path):
    module = tmp_path / "test_m.py"
    module.write_text(
        "def helper(): pass\n"
        "def test_a(): pass\n"
        "async def test_b(): pass\n"
        "class TestC:\n    def test_d(self): pass\n    def other(self): pass\n"
    )
    assert defined_tests(module) == {("test_a",), ("test_b",), ("TestC", "test_d")}


# --- SECURITY.md ----------------------------------------------------------------------------------


def test_security_md_cites_tests():
    assert len(set(citations(_text()))) >= 50


def test_every_cited_test_exists():
    missing_files, missing_tests = set(), set()
    cache: dict[str, set[tuple[str, ...]]] = {}
    for file, parts in citations(_text()):
        path = ROOT / file
        if not path.is_file():
            missing_files.add(file)
            continue
        if file not in cache:
            cache[file] = defined_tests(path)
        if parts not in cache[file]:
            missing_tests.add(f"{file}::{'::'.join(parts)}")
    assert not missing_files, f"SECURITY.md cites test files that do not exist: {sorted(missing_files)}"
    assert not missing_tests, f"SECURITY.md cites tests that do not exist: {sorted(missing_tests)}"


def test_every_test_path_in_backticks_is_a_full_node_id():
    """A bare file or a malformed id would escape the existence check above."""
    loose = [m[1] for m in ANY_TEST_PATH.finditer(_text()) if not NODE_ID.fullmatch(m[0])]
    allowed = {"tests/<app>/permissions.py", "tests/test_security_claims.py"}
    assert set(loose) <= allowed, f"not a node id: {sorted(set(loose) - allowed)}"


@pytest.mark.parametrize("paragraph", claim_paragraphs(claims_section(_text())), ids=lambda p: p[:40])
def test_every_claim_paragraph_and_bullet_cites_a_test(paragraph):
    assert citations(paragraph), f"no test cited for: {paragraph.splitlines()[0]}"
    for item in bullets(paragraph):
        assert citations(item), f"a claim without a test: {item.splitlines()[0]}"


def test_the_claims_section_has_every_required_topic():
    headings = " ".join(p.splitlines()[0] for p in claim_paragraphs(claims_section(_text())))
    for topic in (
        "Scope", "Roles", "Masking", "Audit trail", "Access log", "anonymous answers", "Uploads",
        "Content-Security-Policy", "Caching", "Request limits", "Error pages", "Login throttling",
        "Two-factor", "Sessions", "retention", "Backups", "jobs",
    ):  # fmt: skip
        assert topic in headings, topic
