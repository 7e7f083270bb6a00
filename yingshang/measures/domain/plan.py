"""The parser: an implementation plan's text → title, preamble, sections, measures, unparsed blocks."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from yingshang.measures.domain.deadlines import Deadline, parse_deadline
from yingshang.measures.domain.targets import Target, extract_targets
from yingshang.measures.domain.vocabulary import (
    _BOOKMARK_RE, _CIRCLED, _CN_NUM, _KEY_RE, _META_START_RE, _QUANTITY_CHARS, _SPACES, KEY_FIELDS, SECTION_KINDS,
    cn_to_int,
)

@dataclass(frozen=True)
class ParsedMeasure:
    number: int
    label: str
    title: str
    text: str
    source_text: str
    line_number: int
    lead_leaders: tuple[str, ...]
    responsible_departments: tuple[str, ...]
    assisting_departments: tuple[str, ...]
    deadline: Deadline
    targets: tuple[Target, ...] = ()
    group: str = ""
    extra: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "number": self.number, "title": self.title, "lead_leaders": list(self.lead_leaders),
            "responsible_departments": list(self.responsible_departments),
            "assisting_departments": list(self.assisting_departments),
            "deadline": self.deadline.on.isoformat() if self.deadline.on else None,
            "is_ongoing": self.deadline.is_ongoing, "targets": [t.as_json() for t in self.targets],
        }


@dataclass(frozen=True)
class UnparsedBlock:
    """A block the parser could not read as a measure: kept word for word with its first line number."""

    line_number: int
    text: str
    reason: str

    def as_json(self) -> dict:
        return {"line": self.line_number, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class RequirementItem:
    heading: str
    text: str
    line_number: int


@dataclass(frozen=True)
class PlanSection:
    heading: str
    kind: str  # overall_requirements / objectives / tasks / work_requirements / other
    text: str
    items: tuple[RequirementItem, ...]
    line_number: int


@dataclass(frozen=True)
class ParsedPlan:
    title: str
    year: int | None
    preamble: str
    sections: tuple[PlanSection, ...]
    measures: tuple[ParsedMeasure, ...]
    unparsed: tuple[UnparsedBlock, ...]
    warnings: tuple[str, ...] = ()

    def section_text(self, kind: str) -> str:
        """All text of the sections of one kind, items as 「heading。text」 paragraphs."""
        parts = []
        for section in self.sections:
            if section.kind == kind:
                parts.extend(p for p in [section.text] if p)
                parts.extend(_item_paragraph(item) for item in section.items)
        return "\n".join(parts)

    @property
    def overall_requirements(self) -> str:
        return self.section_text("overall_requirements")

    @property
    def objectives(self) -> str:
        return self.section_text("objectives")

    @property
    def work_requirements(self) -> tuple[RequirementItem, ...]:
        return tuple(item for s in self.sections if s.kind == "work_requirements" for item in s.items)

    def as_json(self) -> dict:
        return {"title": self.title, "measures": [m.as_json() for m in self.measures],
                "unparsed": [u.as_json() for u in self.unparsed]}


def _item_paragraph(item: RequirementItem) -> str:
    if item.heading and item.text:
        return f"{item.heading}。{item.text}"
    return item.heading or item.text


@dataclass(frozen=True)
class _Numbered:
    style: str
    number: int
    label: str
    rest: str


def _numbering(line: str) -> _Numbered | None:
    """Recognise a numbered line: （一） (1) 一、 1. 1、 1． 13␣ 13加强 ①."""
    m = re.match(rf"^([（(]\s*([{_CN_NUM}]+)\s*[）)])\s*[、.．，,]?\s*(.*)$", line, re.S)
    if m:
        return _Numbered("cn_paren", cn_to_int(m.group(2)), m.group(1), m.group(3))
    m = re.match(r"^([（(]\s*(\d{1,3})\s*[）)])\s*[、.．，,]?\s*(.*)$", line, re.S)
    if m:
        return _Numbered("arabic_paren", int(m.group(2)), m.group(1), m.group(3))
    m = re.match(rf"^([{_CIRCLED}])\s*(.*)$", line, re.S)
    if m:
        return _Numbered("circled", _CIRCLED.index(m.group(1)) + 1, m.group(1), m.group(2))
    m = re.match(rf"^(([{_CN_NUM}]+)\s*(?:[、.．，,]|[ \t\u3000]+))\s*(.*)$", line, re.S)
    if m and cn_to_int(m.group(2)) and m.group(3):
        return _Numbered("cn", cn_to_int(m.group(2)), m.group(1).strip(), m.group(3))
    m = re.match(r"^((\d{1,3})\s*(?:[、.．，,]|[ \t\u3000]+|(?=[^\d\s])))\s*(.*)$", line, re.S)
    if m and m.group(3) and m.group(3)[0] not in _QUANTITY_CHARS and int(m.group(2)) > 0:
        return _Numbered("arabic", int(m.group(2)), m.group(1).strip(), m.group(3))
    return None


def _section_kind(heading: str) -> str | None:
    for kind, words in SECTION_KINDS:
        if any(word in heading for word in words):
            return kind
    return None


def split_names(value: str) -> tuple[str, ...]:
    """刘燕君、胡磊 → (刘燕君, 胡磊); spaces inside a name (胡　磊) are padding and dropped."""
    parts = re.split(r"[、，,／/;；]", value)
    names = []
    for part in parts:
        name = "".join(ch for ch in part if ch not in _SPACES).strip("。.")
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _closing_bracket(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start``, or None."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return None


def _split_parts(meta: str) -> list[str]:
    """Split metadata at ；; and newlines that are not inside brackets."""
    parts, depth, current = [], 0, []
    for ch in meta:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if ch in "；;\n" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip(_SPACES + "，,。") for p in parts if p.strip(_SPACES + "，,。")]


@dataclass
class _Meta:
    values: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # text without a key: reported as unparsed


def parse_metadata(meta: str) -> _Meta:
    """Read 「牵头领导：胡磊；责任部门：各审判部门；协助部门：审管办、立案庭；完成时限：持续推进」 (brackets already
    removed) into field → raw value. Keys may also be separated by commas, spaces or new lines; unknown keys are
    kept in ``extra`` with a warning; text without any key is returned in ``leftovers``."""
    result = _Meta()
    for part in _split_parts(meta):
        matches = list(_KEY_RE.finditer(part))
        prefix = part[: matches[0].start()] if matches else part
        prefix = prefix.strip(_SPACES + "，,")
        if prefix:
            m = re.match(r"^([^：:]{1,12})[：:](.*)$", prefix, re.S)
            if m:
                key, value = m.group(1).strip(), m.group(2).strip(_SPACES + "，,")
                result.extra[key] = value
                result.warnings.append(f"未识别的项目「{key}」：{value}")
            else:
                result.leftovers.append(prefix)
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(part)
            value = part[m.end():end].strip(_SPACES + "，,")
            fld = KEY_FIELDS[m.group(1)]
            if fld in result.values and result.values[fld]:
                result.values[fld] += "、" + value
            else:
                result.values[fld] = value
    return result


@dataclass
class _Block:
    numbered: _Numbered | None
    lines: list[tuple[int, str]]  # (line number, text) — the first is the numbered line itself

    @property
    def line_number(self) -> int:
        return self.lines[0][0]

    @property
    def raw(self) -> str:
        return "\n".join(text for _, text in self.lines)

    @property
    def content(self) -> str:
        """The block without its number."""
        first = self.numbered.rest if self.numbered else self.lines[0][1]
        return "\n".join([first] + [text for _, text in self.lines[1:]])


def _meta_span(content: str) -> tuple[int, int | None, bool] | None:
    """(start, end, bracketed) of the metadata in a block's content; end None means to the end."""
    m = _META_START_RE.search(content)
    if not m:
        return None
    start = m.start()
    while content[start] in _SPACES:
        start += 1
    if content[start] in "（(":
        close = _closing_bracket(content, start)
        return start, close, True
    return start, None, False


def _line_of(block: _Block, fragment: str) -> int:
    for number, line in reversed(block.lines):
        if fragment[:20] in line:
            return number
    return block.line_number


def _first_sentence(text: str) -> str:
    m = re.search(r"[。！!？?]", text)
    sentence = text[: m.start()] if m else text
    return sentence.strip(_SPACES + "，,；;：:")


def _measure_from_block(block: _Block, group: str, indicator_map) -> tuple[ParsedMeasure | None, list[UnparsedBlock]]:
    content = block.content
    span = _meta_span(content)
    if span is None:
        return None, [UnparsedBlock(block.line_number, block.raw, "未找到牵头领导、责任部门或完成时限")]
    start, end, bracketed = span
    body = content[:start].strip(_SPACES + "\n")
    unparsed: list[UnparsedBlock] = []
    if bracketed:
        meta = content[start + 1: end] if end is not None else content[start + 1:]
        after = content[end + 1:] if end is not None else ""
        trailing = after.lstrip(_SPACES + "\n。.")
        if trailing.strip(_SPACES + "\n"):
            # Text after the closing bracket: keep it as an unparsed block at its own line.
            offset = content[: end + 1 + len(after) - len(trailing)].count("\n")
            unparsed.append(UnparsedBlock(block.lines[offset][0], trailing.rstrip(_SPACES + "\n"),
                                          "举措责任信息之后的文字无法归属"))
    else:
        meta = content[start:]
    info = parse_metadata(meta)
    for leftover in info.leftovers:
        unparsed.append(UnparsedBlock(_line_of(block, leftover), leftover, "举措责任信息中无法归属的文字"))
    warnings = list(info.warnings)
    leaders = split_names(info.values.get("lead_leaders", ""))
    responsible = split_names(info.values.get("responsible_departments", ""))
    assisting = split_names(info.values.get("assisting_departments", ""))
    deadline = parse_deadline(info.values.get("deadline", ""))
    if not leaders:
        warnings.append("未写明牵头领导")
    if not responsible:
        warnings.append("未写明责任部门")
    if "deadline" not in info.values:
        warnings.append("未写明完成时限")
    elif not deadline.is_recognised:
        warnings.append(f"无法识别的完成时限：{deadline.text}")
    body_lines = [line for line in body.split("\n") if line.strip(_SPACES)]
    first = body_lines[0].strip(_SPACES) if body_lines else ""
    if len(body_lines) > 1 and not re.search(r"[。！!？?]", first):
        title = first.strip(_SPACES + "，,；;：:。")  # a heading line, the text below it
    else:
        title = _first_sentence(" ".join(body_lines))
    text = "\n".join(line.strip(_SPACES) for line in body_lines)
    measure = ParsedMeasure(
        number=block.numbered.number, label=block.numbered.label, title=title, text=text, source_text=block.raw,
        line_number=block.line_number, lead_leaders=leaders, responsible_departments=responsible,
        assisting_departments=assisting, deadline=deadline, targets=tuple(extract_targets(text, indicator_map)),
        group=group, extra=info.extra, warnings=tuple(warnings),
    )
    return measure, unparsed


def _clean_lines(text: str) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = _BOOKMARK_RE.sub("", line).strip(_SPACES)
        if line:
            lines.append((number, line))
    return lines


def _looks_like_heading(line: str) -> bool:
    return len(line) <= 20 and not re.search(r"[。；;，,]", line) and _section_kind(line) is not None


def parse_plan(text: str, *, indicator_map: Mapping[str, str] | None = None) -> ParsedPlan:
    """Read an implementation plan into its title, preamble, sections, measures and unparsed blocks.

    Measures are the numbered blocks carrying 牵头领导/责任部门/完成时限 (in brackets at the end, on the lines
    below, or after the last sentence); the numbering style most of them share is the measure style, the other
    styles are section and group headings. A measure-style block without that information inside the task
    section, or prose after a measure's information, is reported with its line number and kept as text."""
    lines = _clean_lines(text)
    blocks: list[_Block] = []
    for number, line in lines:
        numbered = _numbering(line)
        if numbered is None and blocks and _looks_like_heading(line):  # the first line is the title
            numbered = _Numbered("heading", 0, "", line)
        if numbered is not None or not blocks:
            blocks.append(_Block(numbered, [(number, line)]))
        else:
            blocks[-1].lines.append((number, line))

    with_meta: dict[str, int] = {}
    for block in blocks:
        if block.numbered and block.numbered.style != "heading" and _meta_span(block.content):
            with_meta[block.numbered.style] = with_meta.get(block.numbered.style, 0) + 1
    measure_style = max(with_meta, key=lambda s: with_meta[s]) if with_meta else None

    title, preamble_parts, warnings = "", [], []
    sections: list[dict] = []
    measures: list[ParsedMeasure] = []
    unparsed: list[UnparsedBlock] = []
    group = ""
    for block in blocks:
        if block.numbered is None:  # text before the first numbered line: title and preamble
            body_lines = list(block.lines)
            first_no, first = body_lines[0]
            if len(first) <= 60 and not re.search(r"[。；;]$", first):
                title = first
                body_lines = body_lines[1:]
            preamble_parts.extend(line for _, line in body_lines)
            continue
        style = block.numbered.style
        heading_lines = block.content.split("\n")
        heading, rest = heading_lines[0], heading_lines[1:]
        if style == measure_style:
            in_tasks = bool(sections) and (sections[-1]["kind"] == "tasks" or sections[-1]["has_measures"])
            is_heading = _section_kind(heading) is not None and len(heading) <= 20
            if _meta_span(block.content) or (in_tasks and not is_heading):
                measure, extra_unparsed = _measure_from_block(block, group, indicator_map)
                if measure is not None:
                    measures.append(measure)
                    if sections:
                        sections[-1]["has_measures"] = True
                unparsed.extend(extra_unparsed)
                continue
        if style != "heading" and sections and sections[-1]["kind"] == "tasks" and sections[-1]["style"] != style \
                and re.search(r"[。；;]", block.content):
            unparsed.append(UnparsedBlock(block.line_number, block.raw, "未找到牵头领导、责任部门或完成时限"))
            continue
        if style in ("cn", "heading") or not sections or sections[-1]["style"] == style:
            kind = _section_kind(heading)
            sections.append({"heading": heading, "kind": kind, "text": "\n".join(rest), "items": [], "style": style,
                             "line": block.line_number, "has_measures": False})
            group = heading if kind is None else ""
            continue
        # A sub-heading: an item of 工作要求, or a group of measures within the tasks.
        item_heading, item_text = _split_heading(heading)
        item_text = "\n".join([p for p in [item_text] + rest if p])
        sections[-1]["items"].append(RequirementItem(item_heading, item_text, block.line_number))
        if sections[-1]["kind"] in ("tasks", None):
            group = item_heading

    numbers = [m.number for m in measures]
    if len(set(numbers)) != len(numbers):
        warnings.append("举措编号重复，已按出现顺序重新编号")
        measures = [ParsedMeasure(**{**m.__dict__, "number": i}) for i, m in enumerate(measures, start=1)]
    else:
        expected = set(range(1, max(numbers) + 1)) if numbers else set()
        missing = sorted(expected - set(numbers))
        if missing:
            warnings.append("举措编号不连续，缺少：" + "、".join(str(n) for n in missing))
    year_match = re.search(r"(\d{4})\s*年", title)
    plan_sections = tuple(
        PlanSection(heading=s["heading"], kind=s["kind"] or "other", text=s["text"], items=tuple(s["items"]),
                    line_number=s["line"]) for s in sections)
    return ParsedPlan(title=title, year=int(year_match.group(1)) if year_match else None,
                      preamble="\n".join(preamble_parts), sections=plan_sections, measures=tuple(measures),
                      unparsed=tuple(sorted(unparsed, key=lambda u: u.line_number)), warnings=tuple(warnings))


def _split_heading(line: str) -> tuple[str, str]:
    """（一）加强组织领导。把促进… → ("加强组织领导", "把促进…")."""
    m = re.search(r"[。！!？?]", line)
    if not m:
        return line.strip(_SPACES + "：:"), ""
    return line[: m.start()].strip(_SPACES), line[m.end():].strip(_SPACES)
