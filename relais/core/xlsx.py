"""One way to turn tables into an xlsx file (openpyxl), for every export of figures."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def workbook(sheets: dict[str, list[tuple]]) -> bytes:
    """{sheet title: rows} → xlsx bytes; the first non-empty row of each sheet is bold."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=title[:31])
        for row in rows:
            sheet.append(list(row))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
