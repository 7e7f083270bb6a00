"""Excel workbooks (台账) the way courts keep them: Chinese headers in bold, the header row frozen, sensible column
widths, one sheet per level. openpyxl only.

    book = workbook([Sheet("按部门", ["部门", "件数"], rows)])
    return excel_response(book, "统计.xlsx")
"""

from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Sheet:
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)


def _width(value) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 127 else 1 for ch in text)  # CJK characters are two columns wide


def workbook(sheets: list[Sheet]) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(title=spec.title[:31])
        ws.append(spec.headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F2DCDB")
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for row in spec.rows:
            ws.append(list(row))
        ws.freeze_panes = "A2"
        for index, header in enumerate(spec.headers, start=1):
            values = [header] + [row[index - 1] for row in spec.rows[:500] if len(row) >= index]
            ws.column_dimensions[get_column_letter(index)].width = min(max(_width(v) for v in values) + 2, 60)
    return book


def workbook_bytes(book: Workbook) -> bytes:
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def excel_response(book: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(workbook_bytes(book), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
