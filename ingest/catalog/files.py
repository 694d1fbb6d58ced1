"""Read and validate the catalogue's CSV files. Every problem is reported with its file and line, all at once.

Files (UTF-8, comma-separated, a header row; lists are ``|``-separated):

- ``domains.csv``: code, name, sort[, aliases]
- ``indicators.csv``: code, name, domain, unit, measure, decimals, aliases, additive, yoy_bound, description
- ``regions.csv``: code, name, level, parent_code, aliases, valid_from, valid_to
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ingest.catalog.entries import LEVELS, MEASURES, CatalogError, Domain, Indicator, Region
from ingest.catalog.names import clean, normalise_indicator_name

__all__ = ["FILES", "read_domains", "read_indicators", "read_regions"]

FILES = ("domains.csv", "indicators.csv", "regions.csv")
_ASCII_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_MAX_REPORTED = 30


class _Problems:
    """Collects ``file 第N行: 中文 / English`` messages and raises them together."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: Path, line: int, zh: str, en: str) -> None:
        self.items.append(f"{path.name} 第{line}行: {zh} / {path.name} line {line}: {en}")

    def raise_if_any(self) -> None:
        if self.items:
            shown = self.items[:_MAX_REPORTED]
            more = len(self.items) - len(shown)
            tail = [f"……另有 {more} 处 / … and {more} more"] if more else []
            raise CatalogError("目录文件有误 / catalogue files do not validate:\n" + "\n".join(shown + tail))


def _rows(path: Path, required: tuple[str, ...], problems: _Problems) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs, cells stripped; a missing file or column is reported against line 1."""
    if not path.is_file():
        problems.add(path, 1, "文件不存在", "file not found")
        return
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            problems.add(path, 1, f"缺少列 {', '.join(missing)}", f"missing columns {', '.join(missing)}")
            return
        for row in reader:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue  # blank line
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if isinstance(k, str)}


def _aliases(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.strip() for a in text.split("|") if a.strip()))


def read_domains(path: Path) -> dict[str, Domain]:
    """``domains.csv`` → domains by code."""
    problems, out = _Problems(), {}
    names: dict[str, int] = {}
    for line, row in _rows(path, ("code", "name", "sort"), problems):
        code, name = row["code"], row["name"]
        if not _ASCII_CODE.match(code):
            problems.add(path, line, f"代码 {code!r} 须为小写 ASCII", f"code {code!r} must be lowercase ASCII")
        if code in out:
            problems.add(path, line, f"领域代码重复 {code!r}", f"duplicate domain code {code!r}")
        if not name:
            problems.add(path, line, "名称为空", "empty name")
        elif name in names:
            problems.add(path, line, f"领域名称重复 {name!r}（第{names[name]}行）", f"duplicate name {name!r}")
        names.setdefault(name, line)
        try:
            sort = int(row["sort"] or 0)
        except ValueError:
            problems.add(path, line, f"排序须为整数: {row['sort']!r}", f"sort must be an integer: {row['sort']!r}")
            sort = 0
        out.setdefault(code, Domain(code, name, sort, _aliases(row.get("aliases", ""))))
    problems.raise_if_any()
    return out


def _bool(text: str) -> bool | None:
    return {"true": True, "false": False, "1": True, "0": False, "": False}.get(text.lower())


def _bound(text: str) -> float | None:
    """The yoy bound, or None when blank; 0.0 (rejected by the caller) when not a number."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return 0.0


def read_indicators(path: Path, domains: dict[str, Domain]) -> dict[str, Indicator]:
    """``indicators.csv`` → indicators by code; every name, alias and normalised form must point to one indicator."""
    required = ("code", "name", "domain", "unit", "measure", "decimals", "aliases", "additive")
    problems, out = _Problems(), {}
    owner: dict[str, tuple[str, int]] = {}  # name or alias → (code, line): no spelling may mean two indicators
    norm_owner: dict[str, tuple[str, int]] = {}
    for line, row in _rows(path, required, problems):
        code, name, measure = row["code"], row["name"], row["measure"]
        if not _ASCII_CODE.match(code):
            problems.add(path, line, f"代码 {code!r} 须为小写 ASCII snake_case", f"code {code!r} must be snake_case")
        if code in out:
            problems.add(path, line, f"指标代码重复 {code!r}", f"duplicate indicator code {code!r}")
            continue
        if not name:
            problems.add(path, line, "名称为空", "empty name")
        if row["domain"] not in domains:
            problems.add(path, line, f"未知领域 {row['domain']!r}", f"unknown domain {row['domain']!r}")
        if measure not in MEASURES:
            problems.add(path, line, f"measure 须为 {'/'.join(MEASURES)}: {measure!r}", f"bad measure {measure!r}")
        decimals = int(row["decimals"]) if row["decimals"].isdigit() else -1
        if not 0 <= decimals <= 6:
            problems.add(path, line, f"小数位须为 0–6: {row['decimals']!r}", f"bad decimals {row['decimals']!r}")
        additive = _bool(row["additive"])
        if additive is None:
            problems.add(path, line, f"additive 须为 true/false: {row['additive']!r}", "additive must be true/false")
        elif additive and measure in ("rate", "average"):
            problems.add(path, line, "比率和平均数不可加总", f"a {measure} cannot be additive")
        yoy_bound = _bound(row.get("yoy_bound", ""))
        if yoy_bound is not None and yoy_bound <= 1:
            problems.add(path, line, f"yoy_bound 须为大于 1 的数: {row['yoy_bound']!r}", "yoy_bound must be > 1")
            yoy_bound = None
        aliases = tuple(a for a in _aliases(row["aliases"]) if a != name)
        for spelling in (name, *aliases):
            prior = owner.setdefault(clean(spelling), (code, line))
            if prior[0] != code:
                problems.add(
                    path, line, f"名称或别名 {spelling!r} 已属于 {prior[0]}（第{prior[1]}行）", f"{spelling!r} is taken"
                )
            key = normalise_indicator_name(spelling)
            prior = norm_owner.setdefault(key, (code, line))
            if prior[0] != code:
                problems.add(
                    path,
                    line,
                    f"{spelling!r} 规范化为 {key!r}，与 {prior[0]}（第{prior[1]}行）冲突",
                    f"{spelling!r} normalises to {key!r}, taken by {prior[0]}",
                )
        out[code] = Indicator(
            code=code,
            name=name,
            domain=row["domain"],
            unit=row["unit"] or None,
            measure=measure,
            decimals=max(decimals, 0),
            aliases=aliases,
            additive=bool(additive),
            yoy_bound=yoy_bound,
            description=row.get("description") or None,
        )
    problems.raise_if_any()
    return out


def _date(text: str, path: Path, line: int, problems: _Problems) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.add(path, line, f"日期须为 YYYY-MM-DD: {text!r}", f"bad date {text!r}")
        return None


def _rank(level: str | None) -> int:
    """0 for 省 … 4 for 村; -1 for no level (then nothing is checked)."""
    return LEVELS.index(level) if level in LEVELS else -1


def read_regions(path: Path) -> dict[str, Region]:
    """``regions.csv`` → regions by code; parents must exist and sit at a higher level."""
    problems, out = _Problems(), {}
    lines: dict[str, int] = {}
    for line, row in _rows(path, ("code", "name", "level", "parent_code"), problems):
        code, level = row["code"], row["level"] or None
        if not code or not row["name"]:
            problems.add(path, line, "代码或名称为空", "empty code or name")
            continue
        if code in out:
            problems.add(path, line, f"地区代码重复 {code!r}（第{lines[code]}行）", f"duplicate region code {code!r}")
            continue
        if level is not None and level not in LEVELS:
            problems.add(path, line, f"级别须为 {'/'.join(LEVELS)}: {level!r}", f"bad level {level!r}")
        valid_from = _date(row.get("valid_from", ""), path, line, problems)
        valid_to = _date(row.get("valid_to", ""), path, line, problems)
        aliases = tuple(a for a in _aliases(row.get("aliases", "")) if a != row["name"])
        out[code] = Region(code, row["name"], level, row["parent_code"] or None, aliases, valid_from, valid_to)
        lines[code] = line
    for code, region in out.items():
        parent = out.get(region.parent_code) if region.parent_code else None
        if region.parent_code and parent is None:
            problems.add(
                path, lines[code], f"上级 {region.parent_code!r} 不存在", f"unknown parent {region.parent_code!r}"
            )
        elif parent and _rank(parent.level) >= _rank(region.level):
            problems.add(
                path, lines[code], f"上级 {parent.code} 的级别不高于本级", f"parent {parent.code} is not higher"
            )
    problems.raise_if_any()
    return out
