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


ACTION_LABELS = {
    "document.upload": "上传",
    "document.new_version": "上传新版本",
    "document.processed": "处理完成",
    "document.failed": "处理失败",
    "document.retry": "重新处理",
    "document.reopen": "重新审查",
    "attribute.propose": "初审意见",
    "attribute.decide": "复审决定",
    "findings.decide": "决定",
    "findings.accept_suggestions": "按建议处理",
    "findings.undo": "撤销决定",
    "finding.add": "添加遗漏",
    "publication.release": "发布",
    "publication.publish": "已发布",
    "publication.failed": "发布检查未通过，退回审查",
    "publication.revoke": "撤销发布",
}
DECISION_LABELS = {"redact": "删除", "keep": "保留", None: "未决"}


@dataclass(frozen=True)
class HistoryRow:
    at: str
    actor: str
    action: str
    summary: str


def history_rows(entries, state_label) -> list[HistoryRow]:
    """The audit trail of a document as the page lists it, newest first, in Chinese."""
    rows = []
    for entry in reversed(entries):
        after = entry.after or {}
        rows.append(
            HistoryRow(
                entry.at.astimezone().strftime("%m-%d %H:%M"),
                entry.actor,
                ACTION_LABELS.get(entry.action, entry.action),
                _summary(entry.action, after, state_label),
            )
        )
    return rows


def _summary(action: str, after: dict, state_label) -> str:
    parts = []
    if decisions := after.get("decisions"):
        counts: dict[str, int] = {}
        for d in decisions:
            label = DECISION_LABELS.get(d.get("decision"), "?")
            counts[label] = counts.get(label, 0) + 1
        parts.append("，".join(f"{k} {v} 处" for k, v in counts.items()))
        reasons = {d.get("reason") for d in decisions if d.get("reason")}
        if len(decisions) == 1 and reasons:
            parts.append(f"理由：{reasons.pop()}")
    if action == "finding.add" and "category" in after:
        parts.append(category_label(after["category"]))
    if "attribute" in after:
        ground = f"（{after['ground']}）" if after.get("ground") else ""
        parts.append(f"{after['attribute']}{ground}")
    if "proposed_attribute" in after:
        parts.append(str(after["proposed_attribute"]))
    if after.get("reason") and action != "findings.undo":
        parts.append(f"理由：{after['reason']}")
    if "state" in after:
        parts.append(f"→ {state_label(after['state'])}")
    if after.get("error"):
        parts.append(str(after["error"]))
    return "；".join(p for p in parts if p)


def finding_pages(parsed: dict, findings: list[FindingRecord]) -> dict[int, int]:
    """The page each finding starts on (PDF blocks carry their page)."""
    blocks = [b for b in parsed.get("blocks", []) if b.get("page") is not None]
    out = {}
    for f in findings:
        block = next((b for b in blocks if b["start"] <= f.start < b["end"] + 1), None)
        if block is not None:
            out[f.id] = block["page"]
    return out
