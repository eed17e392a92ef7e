"""The batch report, as data, as HTML for people and as CSV for spreadsheets.

It answers what an office asks after screening its back catalogue: how many documents
would be 主动公开, 依申请公开 or 不予公开 (and on what ground), in which content
categories, how much personal data was found, which files need OCR or failed, and
which documents a reviewer should open first.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from html import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.datamodel import Category
from ingest.ocr import LOW_CONFIDENCE
from store.records import BatchItemRecord, DocumentRecord, FindingRecord
from workflow.batch import get_batch
from workflow.tabular import csv_cell
from workflow.users import Actor

#: How much one finding of a category weighs in a document's risk: identifiers that
#: single out a person and open accounts first.
RISK_WEIGHTS = {
    Category.ID_CARD: 10,
    Category.BANK_CARD: 8,
    Category.PASSPORT: 8,
    Category.TRAVEL_PERMIT: 8,
    Category.SOCIAL_SECURITY_CARD: 8,
    Category.MOBILE_PHONE: 5,
    Category.DENY_LIST: 5,
    Category.BIRTH_DATE: 4,
    Category.ADDRESS: 4,
    Category.PERSON_NAME: 3,
    Category.EMAIL: 3,
    Category.QQ: 3,
    Category.WECHAT: 3,
    Category.LICENSE_PLATE: 3,
    Category.IP_ADDRESS: 2,
}
TOP = 20


@dataclass
class RiskyDocument:
    document_id: int
    source: str
    title: str | None
    risk: float
    findings: dict[str, int]
    publication_blocked: bool


@dataclass
class BatchReport:
    batch_id: int
    root: str
    office: str
    files: int
    outcomes: dict[str, int]
    states: dict[str, int]
    attributes: dict[str, int]
    grounds: dict[str, int]
    categories: dict[str, int]
    findings: dict[str, int]
    needs_ocr: list[tuple[str, str]] = field(default_factory=list)
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    riskiest: list[RiskyDocument] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


def build_report(session: Session, batch_id: int, actor: Actor) -> BatchReport:
    batch = get_batch(session, batch_id, actor)
    items = list(
        session.scalars(select(BatchItemRecord).where(BatchItemRecord.batch_id == batch_id))
    )
    documents = {
        d.id: d
        for d in session.scalars(
            select(DocumentRecord).where(
                DocumentRecord.id.in_({i.document_id for i in items if i.document_id})
            )
        )
    }
    findings_by_doc: dict[int, list[FindingRecord]] = {}
    version_to_doc = {d.current.id: d.id for d in documents.values()}
    if version_to_doc:
        for finding in session.scalars(
            select(FindingRecord).where(FindingRecord.version_id.in_(version_to_doc))
        ):
            findings_by_doc.setdefault(version_to_doc[finding.version_id], []).append(finding)

    report = BatchReport(
        batch_id=batch.id,
        root=batch.root,
        office=batch.office,
        files=len(items),
        outcomes=dict(Counter(i.outcome for i in items)),
        states=dict(Counter(d.state for d in documents.values())),
        attributes={},
        grounds={},
        categories={},
        findings={},
    )
    attributes, grounds, categories, finding_counts = Counter(), Counter(), Counter(), Counter()
    risky: list[RiskyDocument] = []
    for item in items:
        document = documents.get(item.document_id) if item.document_id else None
        suggestion = (document.suggestion if document else None) or {}
        found = findings_by_doc.get(item.document_id, []) if document else []
        per_category = Counter(f.category for f in found if f.suggested_action != "keep")
        risk = _risk(found)
        if suggestion:
            attributes[suggestion["attribute"]] += 1
            if suggestion.get("ground"):
                grounds[suggestion["ground"]] += 1
            if suggestion.get("category"):
                categories[suggestion["category"]] += 1
        finding_counts.update(per_category)
        if item.outcome == "refused":
            report.failures.append((item.source, item.error_code or "", item.error_message or ""))
        elif document is not None and document.state == "failed":
            if document.error_code == "needs_ocr":
                report.needs_ocr.append((item.source, document.error_message or ""))
            else:
                report.failures.append(
                    (item.source, document.error_code or "", document.error_message or "")
                )
        elif document is not None and (document.current.parsed or {}).get("ocr_pages"):
            # Scanned pages are read by OCR now; the reviewer needs the ones that were not
            # (OCR off, or past its page limit) and the ones read with low confidence.
            parsed = document.current.parsed
            read = {page: confidence for page, confidence in parsed.get("ocr_confidence", [])}
            unread = [p for p in parsed["ocr_pages"] if p not in read]
            doubtful = [p for p, c in read.items() if c < LOW_CONFIDENCE]
            if unread:
                report.needs_ocr.append((item.source, f"pages {', '.join(map(str, unread))}"))
            if doubtful:
                pages = "、".join(map(str, doubtful))
                report.needs_ocr.append((item.source, f"第 {pages} 页识别置信度低，请核对"))
        if document is not None and (risk > 0 or document.publication_blocked):
            risky.append(
                RiskyDocument(
                    document.id,
                    item.source,
                    document.title,
                    risk,
                    dict(per_category),
                    document.publication_blocked,
                )
            )
        report.rows.append(
            {
                "source": item.source,
                "outcome": item.outcome,
                "document_id": item.document_id or "",
                "state": document.state if document else "",
                "suggested_attribute": suggestion.get("attribute", ""),
                "ground": suggestion.get("ground") or "",
                "category": suggestion.get("category") or "",
                "publication_blocked": document.publication_blocked if document else "",
                "findings": sum(per_category.values()),
                "risk": round(risk, 1),
                "error_code": item.error_code or (document.error_code if document else "") or "",
                "error": item.error_message or (document.error_message if document else "") or "",
            }
        )
    report.attributes, report.grounds = dict(attributes), dict(grounds)
    report.categories, report.findings = dict(categories), dict(finding_counts)
    # 密级-marked documents first, then by the weight of what was found.
    risky.sort(key=lambda r: (not r.publication_blocked, -r.risk, r.document_id))
    report.riskiest = risky[:TOP]
    return report


def _risk(findings: list[FindingRecord]) -> float:
    total = 0.0
    for finding in findings:
        if finding.suggested_action == "keep":
            continue
        weight = RISK_WEIGHTS.get(Category(finding.category), 1)
        total += weight * finding.score
    return total


CSV_FIELDS = (
    "source",
    "outcome",
    "document_id",
    "state",
    "suggested_attribute",
    "ground",
    "category",
    "publication_blocked",
    "findings",
    "risk",
    "error_code",
    "error",
)


def to_csv(report: BatchReport) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    # File names come from the catalogue as found (=cmd|… is a name too): never a formula.
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in report.rows)
    return out.getvalue()


def to_html(report: BatchReport) -> str:
    def table(headers: list[str], rows: list[list]) -> str:
        if not rows:
            return "<p>无。</p>"
        head = "".join(f"<th>{escape(h)}</th>" for h in headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>"
            for row in rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def counts(mapping: dict, label: str) -> str:
        rows = [[k, v] for k, v in sorted(mapping.items(), key=lambda kv: -kv[1])]
        return table([label, "数量"], rows)

    labels = {c.value: c.label for c in Category}
    sections = [
        ("建议公开属性", counts(report.attributes, "公开属性")),
        ("不予公开理由", counts(report.grounds, "理由")),
        ("内容分类", counts(report.categories, "分类")),
        (
            "发现的个人信息（建议删除或待审）",
            counts({labels.get(k, k): v for k, v in report.findings.items()}, "类别"),
        ),
        (
            "最需优先审查的文件",
            table(
                ["文件", "标题", "风险分", "密级标志", "发现"],
                [
                    [
                        r.source,
                        r.title or "",
                        f"{r.risk:.1f}",
                        "是" if r.publication_blocked else "",
                        "、".join(f"{labels.get(k, k)}×{n}" for k, n in r.findings.items()),
                    ]
                    for r in report.riskiest
                ],
            ),
        ),
        (
            "需要 OCR 或核对识别结果的文件",
            table(["文件", "说明"], [list(r) for r in report.needs_ocr]),
        ),
        ("失败或拒收的文件", table(["文件", "代码", "原因"], [list(r) for r in report.failures])),
    ]
    summary = table(
        ["文件总数", "新登记", "新版本", "未变化", "拒收", "处理失败"],
        [
            [
                report.files,
                report.outcomes.get("new", 0),
                report.outcomes.get("new_version", 0),
                report.outcomes.get("unchanged", 0),
                report.outcomes.get("refused", 0),
                report.states.get("failed", 0),
            ]
        ],
    )
    body = "".join(f"<h2>{escape(title)}</h2>{html}" for title, html in sections)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>批次 {report.batch_id} 审查报告</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; color: #1a1a1a; }}
table {{ border-collapse: collapse; margin: .5rem 0 1.5rem; }}
th, td {{ border: 1px solid #999; padding: .25rem .6rem; text-align: left; }}
th {{ background: #eee; }}
</style></head><body>
<h1>批次 {report.batch_id} 审查报告</h1>
<p>目录：{escape(report.root)}　机关：{escape(report.office)}</p>
{summary}{body}
</body></html>
"""
