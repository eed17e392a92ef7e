"""The annual report as DOCX, XLSX and HTML, its tables laid out as the 2021 format
prints them (merged headings included). Each table is described once as a grid of
cells with their spans; the three writers only draw grids."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, select_autoescape

from workflow.annual_report import SECTIONS, AnnualReport
from workflow.application_types import APPLICANT_TYPE_LABELS, REPLY_TYPES, ApplicantType
from workflow.placeholders import xml_safe
from workflow.tabular import put

TABLE3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    value: object
    rows: int = 1
    cols: int = 1
    head: bool = False


@dataclass(frozen=True)
class Grid:
    title: str
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    #: Column widths in centimetres, labels wide and figures narrow, as printed.
    widths: tuple[float, ...] = ()

    def value(self, row: int, col: int):
        """The value drawn at (row, col): tests read the grid as a reader reads the table."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.rows and cell.col <= col < cell.col + cell.cols:
                return cell.value
        return None


def table2(report: AnnualReport) -> Grid:
    t, f = report.table2, report.figures
    cells = [
        Cell(0, 0, "第二十条第（一）项", cols=4, head=True),
        *(
            Cell(1, c, v, head=True)
            for c, v in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"))
        ),
        Cell(2, 0, "规章"),
        Cell(3, 0, "行政规范性文件"),
    ]
    for r, group in ((2, "rules"), (3, "normative")):
        for c, key in enumerate(("issued", "repealed", "in_force"), 1):
            cells.append(Cell(r, c, t[group][key]))
    row = 4
    for item, heading, entries in (
        ("第二十条第（五）项", "本年处理决定数量", (("行政许可", f["licensing"]),)),
        (
            "第二十条第（六）项",
            "本年处理决定数量",
            (("行政处罚", f["penalties"]), ("行政强制", f["enforcement"])),
        ),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", (("行政事业性收费", f["fees"]),)),
    ):
        cells += [
            Cell(row, 0, item, cols=4, head=True),
            Cell(row + 1, 0, "信息内容", head=True),
            Cell(row + 1, 1, heading, cols=3, head=True),
        ]
        row += 2
        for label, value in entries:
            cells += [Cell(row, 0, label), Cell(row, 1, value, cols=3)]
            row += 1
    return Grid("表二 主动公开政府信息情况", row, 4, tuple(cells), (5.0, 4.0, 4.0, 4.0))


def table3(report: AnnualReport) -> Grid:
    t = report.table3
    columns = (*ApplicantType, "total")
    cells = [
        Cell(0, 0, TABLE3_NOTE, rows=3, cols=3, head=True),
        Cell(0, 3, "申请人情况", cols=7, head=True),
        Cell(1, 3, "自然人", rows=2, head=True),
        Cell(1, 4, "法人或其他组织", cols=5, head=True),
        Cell(1, 9, "总计", rows=2, head=True),
        *(Cell(2, 4 + i, APPLICANT_TYPE_LABELS[k], head=True) for i, k in enumerate(columns[1:6])),
    ]

    def numbers(row: int, key: str) -> None:
        for i, column in enumerate(columns):
            cells.append(Cell(row, 3 + i, t[key][getattr(column, "value", column)]))

    cells.append(Cell(3, 0, "一、本年新收政府信息公开申请数量", cols=3))
    numbers(3, "new")
    cells.append(Cell(4, 0, "二、上年结转政府信息公开申请数量", cols=3))
    numbers(4, "carried_in")
    row, first = 5, 5
    groups: dict[str, list] = {}
    for reply in REPLY_TYPES:
        groups.setdefault(reply.group, []).append(reply)
    for group, replies in groups.items():
        if len(replies) == 1:
            cells.append(Cell(row, 1, replies[0].title, cols=2))
            numbers(row, replies[0].code)
            row += 1
            continue
        cells.append(Cell(row, 1, group, rows=len(replies)))
        for reply in replies:
            cells.append(Cell(row, 2, reply.label))
            numbers(row, reply.code)
            row += 1
    cells.append(Cell(row, 1, "（七）总计", cols=2))
    numbers(row, "total")
    row += 1
    cells.append(Cell(first, 0, "三、本年度办理结果", rows=row - first))
    cells.append(Cell(row, 0, "四、结转下年度继续办理", cols=3))
    numbers(row, "carried_out")
    widths = (1.8, 2.4, 4.0, *(1.25,) * 7)
    return Grid("表三 收到和处理政府信息公开申请情况", row + 1, 10, tuple(cells), widths)


def table4(report: AnnualReport) -> Grid:
    t = report.table4
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    keys = ("upheld", "corrected", "other", "pending", "total")
    cells = [
        Cell(0, 0, "行政复议", cols=5, head=True),
        Cell(0, 5, "行政诉讼", cols=10, head=True),
        *(Cell(1, i, o, rows=2, head=True) for i, o in enumerate(outcomes)),
        Cell(1, 5, "未经复议直接起诉", cols=5, head=True),
        Cell(1, 10, "复议后起诉", cols=5, head=True),
        *(Cell(2, 5 + i, o, head=True) for i, o in enumerate(outcomes)),
        *(Cell(2, 10 + i, o, head=True) for i, o in enumerate(outcomes)),
    ]
    for block, kind in enumerate(("review", "litigation", "litigation_after_review")):
        for i, key in enumerate(keys):
            cells.append(Cell(3, block * 5 + i, t[kind][key]))
    return Grid("表四 政府信息公开行政复议、行政诉讼情况", 4, 15, tuple(cells), (1.13,) * 15)


TABLES = {"proactive": table2, "applications": table3, "remedies": table4}


def to_html(report: AnnualReport) -> str:
    grids = {key: build(report) for key, build in TABLES.items()}
    return _template().render(report=report, sections=SECTIONS, grids=grids, rows=_html_rows)


def _html_rows(grid: Grid) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[] for _ in range(grid.n_rows)]
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell)
    return rows


@lru_cache(maxsize=1)
def _template():
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_PAGE)


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ report.title }}</title>
<style>
body { font-family: "Noto Serif CJK SC", "SimSun", serif; margin: 2rem auto; max-width: 60rem; }
h1 { text-align: center; font-size: 1.5rem; } p { text-indent: 2em; line-height: 1.8; }
table { border-collapse: collapse; width: 100%; margin: .8rem 0 1.2rem; font-size: .9rem; }
th, td { border: 1px solid #333; padding: .25rem .4rem; text-align: center; }
caption { font-weight: bold; margin-bottom: .3rem; }
</style></head><body>
<h1>{{ report.title }}</h1>
{% for key, heading in sections %}
<h2>{{ heading }}</h2>
{% for para in report.narrative[key].split("\\n") if para.strip() %}<p>{{ para }}</p>{% endfor %}
{% if key in grids %}{% set grid = grids[key] %}
<table data-table="{{ key }}"><caption>{{ grid.title }}</caption>
{% for row in rows(grid) %}<tr>{% for c in row %}<{{ "th" if c.head else "td" }}
{%- if c.rows > 1 %} rowspan="{{ c.rows }}"{% endif %}
{%- if c.cols > 1 %} colspan="{{ c.cols }}"{% endif %}>
{{- c.value }}</{{ "th" if c.head else "td" }}>{% endfor %}</tr>
{% endfor %}</table>{% endif %}
{% endfor %}
</body></html>
"""


def to_docx(report: AnnualReport) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:
        section.left_margin = section.right_margin = Cm(2)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(xml_safe(report.title))
    run.bold, run.font.size = True, Pt(18)
    for key, heading in SECTIONS:
        document.add_heading(heading, level=2)
        for para in report.narrative[key].split("\n"):
            if para.strip():
                document.add_paragraph(xml_safe(para)).paragraph_format.first_line_indent = Pt(24)
        if key in TABLES:
            grid = TABLES[key](report)
            document.add_paragraph(grid.title).alignment = WD_ALIGN_PARAGRAPH.CENTER
            table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
            table.style = "Table Grid"
            table.autofit = False
            # Word reads the cells' widths, LibreOffice the grid's: set both.
            for width, column in zip(grid.widths, table.columns, strict=False):
                column.width = Cm(width)
            for row in table.rows:
                for width, cell in zip(grid.widths, row.cells, strict=False):
                    cell.width = Cm(width)
            for cell in grid.cells:
                target = table.cell(cell.row, cell.col)
                if cell.rows > 1 or cell.cols > 1:
                    target = target.merge(
                        table.cell(cell.row + cell.rows - 1, cell.col + cell.cols - 1)
                    )
                target.text = xml_safe(str(cell.value))
                if cell.head:
                    for paragraph in target.paragraphs:
                        for r in paragraph.runs:
                            r.bold = True
    document.core_properties.title = xml_safe(report.title)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_xlsx(report: AnnualReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    text = book.active
    text.title = "报告正文"
    put(text, 1, 1, report.title).font = Font(bold=True, size=14)
    row = 3
    for key, heading in SECTIONS:
        put(text, row, 1, heading).font = Font(bold=True)
        row += 1
        for para in report.narrative[key].split("\n"):
            if para.strip():
                put(text, row, 1, para).alignment = Alignment(wrap_text=True)
                row += 1
        row += 1
    text.column_dimensions["A"].width = 120
    thin = Side(style="thin")
    for build in TABLES.values():
        grid = build(report)
        sheet = book.create_sheet(grid.title.split()[0])
        put(sheet, 1, 1, grid.title).font = Font(bold=True)
        for cell in grid.cells:
            r, c = cell.row + 2, cell.col + 1
            target = put(sheet, r, c, cell.value)
            target.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            if cell.head:
                target.font = Font(bold=True)
            if cell.rows > 1 or cell.cols > 1:
                sheet.merge_cells(
                    start_row=r,
                    start_column=c,
                    end_row=r + cell.rows - 1,
                    end_column=c + cell.cols - 1,
                )
        for c, width in enumerate(grid.widths, 1):
            sheet.column_dimensions[get_column_letter(c)].width = width * 4.5
        for r in range(2, grid.n_rows + 2):
            for c in range(1, grid.n_cols + 1):
                sheet.cell(row=r, column=c).border = Border(thin, thin, thin, thin)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


RENDERERS = {
    "docx": (to_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": (lambda r: to_html(r).encode("utf-8"), "text/html; charset=utf-8"),
}


def render(report: AnnualReport, kind: str) -> tuple[bytes, str]:
    writer, media_type = RENDERERS[kind]
    return writer(report), media_type
