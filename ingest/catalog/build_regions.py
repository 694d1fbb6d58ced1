"""Regenerate ``regions.csv`` from the pinned jionlp wheel. Run by hand, never at import or install time.

The shipped CSV is the data; this script only records how it was made, so the seed can be re-derived and audited.
jionlp is **not** a project dependency — the wheel is read as a zip file, nothing of it is imported.

How to regenerate (see regions.SOURCE.md)::

    pip download jionlp==1.5.31 --no-deps -d /tmp/jl
    uv run python -m ingest.catalog.build_regions /tmp/jl/jionlp-1.5.31-py2.py3-none-any.whl

What it keeps and why:

- Province, prefecture and county rows that carry their own GB/T 2260 code. Townships and villages (~700,000 names,
  no codes in the source) are left out to keep the committed file small; the loader creates them on demand.
- Municipalities (北京, 上海, 天津, 重庆) and 香港/澳门 repeat the province code on their city row: that row is dropped
  and their districts hang directly under the province.
- 省直辖行政区划 (419000 济源, 429000 仙桃…, 469000, 659000, 710700) is a grouping, not a place: its counties hang
  directly under the province, so a province's children still sum to the province.
- 市直辖行政区划 under 东莞/中山/儋州/嘉峪关 repeats the city code and is dropped (those cities have no counties).
- A code met twice keeps its first row; later rows get the slug ``{parent}-{name}`` (as places without a code do) and are reported.
- ``china_location_change.txt`` (dated renames and mergers, 撤县设区) gives old names as aliases of the successor and
  the change date as the successor's ``valid_from``. The source has no old codes, so no ``valid_to`` rows exist yet.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import sys
import zipfile
from collections import Counter
from pathlib import Path

PINNED_VERSION = "1.5.31"
PINNED_SHA256 = "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f"
COLUMNS = ("code", "name", "level", "parent_code", "aliases", "valid_from", "valid_to")
LEVELS = ("省", "市", "县")
GROUPING_NAMES = ("省直辖行政区划", "市直辖行政区划")


def _read_wheel(wheel: Path) -> tuple[str, str, str]:
    """The location tree, the change log and the alias module's source, straight from the wheel."""
    with zipfile.ZipFile(wheel) as whl:
        inner = whl.read("jionlp/dictionary/china_location.zip")
        changes = whl.read("jionlp/dictionary/china_location_change.txt").decode("utf-8")
        alias_src = whl.read("jionlp/gadget/china_location_alias.py").decode("utf-8")
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        tree = z.read("china_location.txt").decode("utf-8")
    return tree, changes, alias_src


def _qi_aliases(alias_src: str) -> dict[str, str]:
    """jionlp's hand-made 旗 abbreviations (土默特右旗 → 土右旗), read from its source with ``ast``, not imported."""
    for node in ast.walk(ast.parse(alias_src)):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Attribute)
            and node.targets[0].attr == "china_county_qi"
            and isinstance(node.value, ast.Dict)  # not the ``= None`` in __init__
        ):
            return ast.literal_eval(node.value)
    return {}


def parse_tree(tree: str) -> tuple[list[dict[str, str]], Counter[str]]:
    """Rows (province/prefecture/county) from the tab-indented tree; plus counts of what was skipped or re-coded."""
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    notes: Counter[str] = Counter()
    parents: list[str | None] = [None, None, None]  # code each depth's children hang under
    for line in tree.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue  # townships and villages: no codes in the source
        parts = line.strip("\t").split("\t")
        if len(parts) != 3:
            notes["县级无代码 / county without a code"] += 1
            continue
        name, code, short = parts
        parent = parents[depth]
        if depth == 0:
            parents[1] = code
        elif depth == 1:
            # A city row repeating the province code, or a 省直辖 grouping: children hang under the province.
            if code == parent or name in GROUPING_NAMES:
                parents[2] = parent
                notes["省级重复或省直辖分组 / province repeat or grouping"] += 1
                continue
            parents[2] = code
        elif code == parent or name in GROUPING_NAMES:
            notes["县级重复上级代码 / county repeating a parent code"] += 1
            continue
        if code in seen:
            notes["代码重复，改用 slug / duplicate code, slug used"] += 1
            print(f"duplicate code {code} for {name}: slug {parent}-{name}", file=sys.stderr)
            code = f"{parent}-{name}"
        seen.add(code)
        aliases = [short] if short and short != name else []
        rows.append(
            {"code": code, "name": name, "level": LEVELS[depth], "parent_code": parent or "", "aliases": aliases}
        )
    return rows, notes


def apply_changes(rows: list[dict[str, str]], changes: str) -> Counter[str]:
    """Old names become aliases of their successor; the change date becomes the successor's ``valid_from``.

    The change log names the successor loosely (金秀县 for 金秀瑶族自治县), so a successor is found by full name, then
    by short name under the same parent. Where the tree predates the change (it still holds 无为县 though the log says
    无为市), the new name becomes an alias of the old row: the new code is not in the source.
    """
    names = {r["code"]: r["name"] for r in rows}
    by_path = {(names.get(r["parent_code"], ""), r["name"]): r for r in rows}
    by_short = {(names.get(r["parent_code"], ""), a): r for r in rows for a in r["aliases"]}
    outcome: Counter[str] = Counter()
    for line in changes.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>")
        old_parts, new_parts = old.split("\t"), new.split("\t")
        date, old_name, old_parent = old_parts[0], old_parts[-2], old_parts[-4]
        parent, new_name = (new_parts[-2] if len(new_parts) > 1 else ""), new_parts[-1]
        target = by_path.get((parent, new_name)) or by_short.get((parent, new_name.rstrip("县区市")))
        if target is not None and (target["name"] != old_name or new_name == old_name):
            if old_name != target["name"] and old_name not in target["aliases"]:
                target["aliases"].append(old_name)
            target["valid_from"] = max(target.get("valid_from", ""), date)
            outcome["已应用 / applied"] += 1
            continue
        stale = by_path.get((old_parent, old_name))
        if stale is not None and new_name not in stale["aliases"]:
            stale["aliases"].append(new_name)
            outcome["源数据未更新，新名作别名 / tree predates the change: new name as alias"] += 1
            print(f"tree predates {date} {old_name} => {new_name}: alias on {stale['code']}", file=sys.stderr)
        else:
            outcome["未找到继任者 / successor not found"] += 1
            print(f"successor not found: {line.strip()}", file=sys.stderr)
    return outcome


def build(wheel: Path, out: Path) -> dict[str, int]:
    """Write ``out`` from ``wheel``; return row counts by level."""
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != PINNED_SHA256:
        print(f"warning: {wheel.name} sha256 {digest} differs from the pinned {PINNED_SHA256}", file=sys.stderr)
    tree, changes, alias_src = _read_wheel(wheel)
    rows, notes = parse_tree(tree)
    qi = _qi_aliases(alias_src)
    for r in rows:
        abbrev = qi.get(r["name"])
        if abbrev and abbrev != r["name"] and abbrev not in r["aliases"]:
            r["aliases"].append(abbrev)
    outcome = apply_changes(rows, changes)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for r in sorted(rows, key=lambda r: r["code"]):  # by code: a province, then its cities and counties
            writer.writerow(
                [
                    r["code"],
                    r["name"],
                    r["level"],
                    r["parent_code"],
                    "|".join(r["aliases"]),
                    r.get("valid_from", ""),
                    "",
                ]
            )
    counts = Counter(r["level"] for r in rows)
    for reason, n in sorted(notes.items()):
        print(f"rows  {n:>5}  {reason}", file=sys.stderr)
    for what, n in sorted(outcome.items()):
        print(f"changes {n:>5}  {what}", file=sys.stderr)
    return {level: counts[level] for level in LEVELS}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (1, 2):
        print("usage: python -m ingest.catalog.build_regions JIONLP_WHEEL [OUT_CSV]", file=sys.stderr)
        return 2
    out = Path(args[1]) if len(args) == 2 else Path(__file__).with_name("regions.csv")
    counts = build(Path(args[0]), out)
    print(f"wrote {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()) + f", total {sum(counts.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
