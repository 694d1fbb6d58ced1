"""The repository explains itself: notes point into ``docs/``, every setting is documented, the docs are linked.

A clone holds only this repository, so a comment, test or bench that sends the reader to a planning document or a
tracker number sends them nowhere; what they need is said inline or in a ``docs/`` page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README_MAX_BYTES = 12 * 1024

SKIP_DIRS = {".git", ".venv", "data", "artifacts", "docs", "node_modules", "__pycache__"}
SCANNED_SUFFIXES = {".py", ".sql", ".md", ".toml"}

# The planning documents' names, spelled in pieces so that this file passes its own scan.
PLANNING_DOCUMENTS = ("DES" + "IGN", "CONVEN" + "TIONS", "STACK" + "-NOTES", "STY" + "LE")
_NAMES = "|".join(re.escape(name) for name in PLANNING_DOCUMENTS)
OUTSIDE_REFERENCES = re.compile(
    rf"\b(?:{_NAMES})\b"  # a planning document by name (upper case, as they are spelled)
    r"|(?i:\bissues?\s*#?\d+)"  # a tracker number
    r"|(?i:\bfoundation\s+issue\b|\bthe\s+issue(?:'s)?\b)"
    r"|/work/\s*shared"
)
ENV_VARIABLE = re.compile(r"\bZHIBIAO_[A-Z0-9_]+")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _scanned_files() -> list[Path]:
    files = [ROOT / ".ci" / "run"]
    for path in ROOT.rglob("*"):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if path.is_file() and not parts & SKIP_DIRS and (path.suffix in SCANNED_SUFFIXES or "bench" in parts):
            files.append(path)
    return sorted(set(files))


def _code_files() -> list[Path]:
    folders = ("warehouse", "ingest", "dashboards", "zhibiao", "bench", "tests", "sql")
    files = [p for folder in folders for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".sql"}]
    return [*files, ROOT / ".ci" / "run"]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _documentation() -> str:
    return "\n".join(_read(p) for p in [ROOT / "README.md", *sorted(DOCS.glob("*.md"))])


def _links(path: Path) -> set[str]:
    return {target for target in LINK.findall(_read(path)) if "://" not in target}


def test_the_scan_reaches_every_kind_of_file() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in _scanned_files()}
    assert {".ci/run", "README.md", "pyproject.toml", "zhibiao/cli.py", "sql/views/yoy.sql"} <= names
    assert any(n.startswith("bench/") for n in names) and any(n.startswith("tests/") for n in names)
    assert not any(n.startswith(("docs/", ".venv/")) for n in names)


@pytest.mark.parametrize(
    "text",
    [
        f"see {PLANNING_DOCUMENTS[0]} §4",
        f"({PLANNING_DOCUMENTS[1]} §2)",
        f"{PLANNING_DOCUMENTS[3]} habit 5",
        f"{PLANNING_DOCUMENTS[2]}.md",
        "Iss" + "ue 5",
        "iss" + "ue #7",
        "the " + "issue names",
    ],
)
def test_the_pattern_catches_references(text: str) -> None:
    assert OUTSIDE_REFERENCES.search(text)


@pytest.mark.parametrize(
    "text", ["EXTRACT_FIELDS", "known issues in the source", "docs/conventions.md", "a design", "style", "an issuer"]
)
def test_the_pattern_leaves_ordinary_words(text: str) -> None:
    assert not OUTSIDE_REFERENCES.search(text)


def test_nothing_outside_docs_points_to_planning_documents_or_issue_numbers() -> None:
    found = []
    for path in _scanned_files():
        for number, line in enumerate(_read(path).splitlines(), 1):
            hit = OUTSIDE_REFERENCES.search(line)
            if hit:
                found.append(f"{path.relative_to(ROOT)}:{number}: {hit.group()!r} in {line.strip()[:100]}")
    assert not found, "say it inline or point into docs/:\n" + "\n".join(found)


def test_every_environment_variable_is_documented() -> None:
    used = {name for path in _code_files() for name in ENV_VARIABLE.findall(_read(path)) if not name.endswith("_")}
    assert {"ZHIBIAO_DB", "ZHIBIAO_SQL_TIMEOUT", "ZHIBIAO_REQUIRE_BROWSER"} <= used  # the scan sees the code
    documented = set(ENV_VARIABLE.findall(_documentation()))
    assert not used - documented, f"document these in docs/ or README.md: {sorted(used - documented)}"


def test_every_docs_page_is_linked_from_the_index_and_the_index_from_the_readme() -> None:
    assert "docs/README.md" in _links(ROOT / "README.md")
    linked = {Path(target).name for target in _links(DOCS / "README.md")}
    pages = {p.name for p in DOCS.glob("*.md") if p.name != "README.md" and not p.name.startswith("_")}
    assert pages, "docs/ has no pages"
    assert not pages - linked, f"not linked from docs/README.md: {sorted(pages - linked)}"


def test_readme_is_short_and_keeps_the_two_commands() -> None:
    readme = ROOT / "README.md"
    assert readme.stat().st_size <= README_MAX_BYTES, f"README.md is {readme.stat().st_size:,} bytes"
    text = _read(readme)
    assert "uv run zhibiao serve" in text and "uv run pytest" in text


def test_readme_images_exist_and_stay_small() -> None:
    images = [t for t in _links(ROOT / "README.md") if t.endswith((".png", ".jpg", ".svg"))]
    assert images
    for target in images:
        path = ROOT / target
        assert path.is_file(), target
        assert path.stat().st_size < 200 * 1024, f"{target} is {path.stat().st_size:,} bytes"
