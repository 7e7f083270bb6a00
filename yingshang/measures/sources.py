"""Turn an uploaded plan (.txt or .docx) into the plain text the parser reads, one paragraph per line.

.txt: UTF-8 (with or without BOM), falling back to GB18030 — Chinese Windows saves plain text that way.
.docx: python-docx, paragraphs and tables in document order. A table whose header names the plan's columns
(序号 / 举措 / 牵头领导 / 责任部门 / 协助部门 / 完成时限) becomes one numbered line per row with its information in
brackets, exactly as a plan written in prose; any other table row becomes one line of its cells.
"""

import io
import re
import zipfile

from yingshang.core.errors import DomainError
from yingshang.measures import domain
from yingshang.measures.errors import MeasureError

SUPPORTED_SUFFIXES = (".txt", ".docx")
_NUMBER_HEADERS = ("序号", "编号", "序")
_TEXT_HEADERS = ("举措", "任务", "内容", "工作措施", "措施", "具体措施", "工作任务", "重点任务")


def plan_text_from_bytes(*, name: str, data: bytes) -> str:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == ".txt":
        return _decode_text(data)
    if suffix == ".docx":
        return _docx_text(data)
    raise DomainError(MeasureError.PLAN_FILE_TYPE, "只支持 .txt 或 .docx 格式的方案文件（.doc 请先另存为 .docx）",
                      {"name": name})


def _decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError(MeasureError.PLAN_FILE_UNREADABLE, "无法识别文件编码，请另存为 UTF-8 文本")


def _docx_text(data: bytes) -> str:
    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DomainError(MeasureError.PLAN_FILE_UNREADABLE, "无法读取该 .docx 文件，请确认文件未损坏",
                          {"error": str(exc)})
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_lines(block))
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _cell_text(cell) -> str:
    return re.sub(r"\s*\n\s*", "", cell.text).strip()


def _table_lines(table) -> list[str]:
    rows = [[_cell_text(c) for c in row.cells] for row in table.rows]
    if not rows:
        return []
    header = rows[0]
    columns: dict[int, str] = {}
    for i, head in enumerate(header):
        key = head.replace(" ", "").replace("\u3000", "")
        if key in domain.KEY_FIELDS:
            columns[i] = key
        elif key in _NUMBER_HEADERS:
            columns[i] = "number"
        elif any(word in key for word in _TEXT_HEADERS):
            columns.setdefault(i, "text")
    if "text" not in columns.values() or not any(k in domain.KEY_FIELDS for k in columns.values()):
        return ["\u3000".join(dict.fromkeys(c for c in row if c)) for row in rows]
    lines = []
    for index, row in enumerate(rows[1:], start=1):
        number, text, info = str(index), "", []
        for i, value in enumerate(row):
            kind = columns.get(i)
            if kind == "number" and value:
                number = value.rstrip(".、．")
            elif kind == "text":
                text = value
            elif kind in domain.KEY_FIELDS and value:
                info.append(f"{kind}：{value}")
        lines.append(f"{number}.{text}（{'；'.join(info)}）")
    return lines
