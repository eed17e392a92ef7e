"""The document as the page shows it: blocks in reading order, tables as grids,
findings as marks at their exact offsets. Plain functions, so tests call them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from core.datamodel import CATEGORY_LABELS, Category
from store.records import FindingRecord

BLOCK_LABELS = {
    "header": "页眉",
    "footer": "页脚",
    "footnote": "脚注",
    "endnote": "尾注",
    "comment": "批注",
    "text_box": "文本框",
    "deleted": "修订删除的文字",
}


@dataclass
class BlockView:
    kind: str
    label: str | None
    html: Markup
    start: int
    page: int | None = None


@dataclass
class TableView:
    kind: str = "table"
    #: cells as (offset of the cell's text, html)
    rows: list[list[tuple[int, Markup]]] = field(default_factory=list)
    page: int | None = None


def category_label(category: str) -> str:
    try:
        return CATEGORY_LABELS[Category(category)]
    except ValueError:
        return category


def marked(text: str, start: int, end: int, findings: list[FindingRecord]) -> Markup:
    """``text[start:end]`` as HTML with each finding inside it wrapped in a mark. A
    finding that overlaps one already marked is left to the side list."""
    out, at = [], start
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < at or finding.start >= end or finding.end > end:
            continue
        out.append(escape(text[at : finding.start]))
        state = finding.decision or "undecided"
        out.append(
            f'<mark id="f{finding.id}" data-finding="{finding.id}" '
            f'class="finding cat-{escape(finding.category)} {state}" tabindex="-1">'
            f"{escape(text[finding.start : finding.end])}</mark>"
        )
        at = finding.end
    out.append(escape(text[at:end]))
    return Markup("".join(out))


def document_view(parsed: dict, findings: list[FindingRecord]) -> list[BlockView | TableView]:
    text = parsed.get("text", "")
    views: list[BlockView | TableView] = []
    tables: dict[tuple, TableView] = {}
    for block in parsed.get("blocks", []):
        start, end, kind = block["start"], block["end"], block["kind"]
        html = marked(text, start, end, findings)
        # Word and PDF tables, and spreadsheet sheets (cells with a sheet), as grids.
        grid = block.get("table") if kind == "table_cell" else block.get("sheet")
        if kind in ("table_cell", "cell") and grid is not None:
            key = (block.get("page"), block.get("part"), grid)
            table = tables.get(key)
            if table is None:
                table = tables[key] = TableView(page=block.get("page"))
                views.append(table)
            row, col = block.get("row", 0), block.get("col", 0)
            while len(table.rows) <= row:
                table.rows.append([])
            cells = table.rows[row]
            while len(cells) <= col:
                cells.append((start, Markup("")))
            cells[col] = (start, html)
        else:
            views.append(BlockView(kind, BLOCK_LABELS.get(kind), html, start, block.get("page")))
    return views
