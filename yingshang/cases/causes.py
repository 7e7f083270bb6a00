"""Reading the SPC 民事案件案由规定 catalogue files (data/causes-of-action-2020.csv and -2025.csv).

File format (causes-of-action.md): '#' comment lines, then ``level,number,name,parent_name``; level 1 parts
carry no number, level 2 a Chinese numeral, level 3 the continuous Arabic number, level 4 none (position within
its parent). Names repeat across levels, so a row's parent is the last row seen one level up.
"""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from yingshang.cases.domain import is_financial_cause

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = {2020: DATA_DIR / "causes-of-action-2020.csv", 2025: DATA_DIR / "causes-of-action-2025.csv"}


@dataclass(frozen=True)
class CauseRow:
    revision: int
    level: int
    code: str
    number: int | None
    name: str
    parent_code: str | None
    family: str
    is_financial: bool
    sort_order: int


def parse_causes(text: str, revision: int) -> list[CauseRow]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    rows: list[CauseRow] = []
    last_at_level: dict[int, CauseRow] = {}
    child_counts: dict[str, int] = {}
    part_index = 0
    for order, raw in enumerate(reader, start=1):
        level = int(raw["level"])
        name = raw["name"].strip()
        parent = last_at_level.get(level - 1) if level > 1 else None
        if parent is not None and raw["parent_name"].strip() and parent.name != raw["parent_name"].strip():
            raise ValueError(f"{revision} row {order}: parent {raw['parent_name']!r} != {parent.name!r}")
        if level == 1:
            part_index += 1
            code, number = f"P{part_index}", None
        elif level == 2:
            code, number = f"L2-{raw['number'].strip()}", None
        elif level == 3:
            number = int(raw["number"])
            code = str(number)
        else:
            child_counts[parent.code] = child_counts.get(parent.code, 0) + 1
            number = parent.number
            code = f"{parent.code}-{child_counts[parent.code]}"
        family = name if level == 2 else (last_at_level[2].name if level > 2 and 2 in last_at_level else "")
        row = CauseRow(revision=revision, level=level, code=code, number=number, name=name,
                       parent_code=parent.code if parent else None, family=family,
                       is_financial=level >= 3 and is_financial_cause(name, family), sort_order=order)
        rows.append(row)
        last_at_level[level] = row
        for deeper in [lv for lv in last_at_level if lv > level]:
            del last_at_level[deeper]
    return rows


def load_rows(revision: int) -> list[CauseRow]:
    return parse_causes(FILES[revision].read_text(encoding="utf-8"), revision)
