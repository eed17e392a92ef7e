"""The 政府信息公开工作年度报告 (2021 format) computed from the records.

- Table 二: 规章 and 行政规范性文件 issued, repealed and in force, from the documents'
  content categories and revocations; 许可/处罚/强制/收费 as the office enters them.
- Table 三: from the applications. An application is 新收 in the year it was received,
  办理 in the year it was answered, 结转 until then; for every column
  一 + 二 = 三（七） + 四, and 二 of a year is 四 of the year before.
- Table 四: 复议 and 诉讼 filed in the year, with their outcome as it stood on 31 Dec
  (one decided later is 尚未审结 in that year's report).
- The six sections' text: the office's (or the default) with the figures filled in.

The applicants' details never enter the report: it reads types, dates and reply types.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.config import Settings
from core.errors import GongkaiError, InvalidInput
from store.records import (
    AnnualReportRecord,
    ApplicationRecord,
    DocumentRecord,
    PublicationRecord,
    RemedyRecord,
)
from workflow import audit
from workflow.application_types import REPLY_TYPES, ApplicantType, RemedyKind
from workflow.placeholders import check, fill, xml_safe
from workflow.users import Actor, Permission

DEFAULT_REPORT = Path(__file__).resolve().parent / "conf" / "annual_report.yaml"
SECTIONS = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("remedies", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
#: What the office enters (from other systems): Table 二's 许可/处罚/强制/收费 and the
#: 信息处理费 that section 六 reports.
FIGURES = {
    "licensing": "行政许可本年处理决定数量",
    "penalties": "行政处罚本年处理决定数量",
    "enforcement": "行政强制本年处理决定数量",
    "fees": "行政事业性收费本年收费金额（万元）",
    "processing_fee_notices": "信息处理费收费通知件数",
    "processing_fee_amount": "信息处理费收取金额（元）",
}
#: Amounts of money; the other figures are counts.
AMOUNTS = frozenset({"fees", "processing_fee_amount"})
COLUMNS = (*(t.value for t in ApplicantType), "total")
ROWS = ("new", "carried_in", *(r.code for r in REPLY_TYPES), "total", "carried_out")
REMEDY_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
BLANKS = [
    "机关名称",
    "年度",
    "本年制发公文数",
    "主动公开数",
    "依申请公开数",
    "不予公开数",
    "本年发布数",
    "规章制发数",
    "规章废止数",
    "规章现行有效数",
    "规范性文件制发数",
    "规范性文件废止数",
    "规范性文件现行有效数",
    "行政许可数",
    "行政处罚数",
    "行政强制数",
    "行政事业性收费金额",
    "本年新收申请数",
    "上年结转申请数",
    "本年办结数",
    "予以公开数",
    "部分公开数",
    "不予公开申请数",
    "无法提供数",
    "不予处理数",
    "其他处理数",
    "结转下年度数",
    "行政复议数",
    "行政诉讼数",
    "信息处理费件数",
    "信息处理费金额",
]


class ReportConfigError(GongkaiError):
    code = "invalid_report_config"
    http_status = 500


@dataclass(frozen=True)
class ReportConfig:
    title: str
    office_name: str
    offices: dict[str, str]
    rules_categories: frozenset[str]
    normative_categories: frozenset[str]
    sections: dict[str, str]


@lru_cache(maxsize=4)
def load_config(path: Path | None = None) -> ReportConfig:
    path = path or DEFAULT_REPORT
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        sections = {key: str((raw.get("sections") or {}).get(key, "")) for key, _ in SECTIONS}
        config = ReportConfig(
            title=str(raw["title"]),
            office_name=str(raw.get("office_name", "")),
            offices={str(k): str(v) for k, v in (raw.get("offices") or {}).items()},
            rules_categories=frozenset(str(c) for c in raw.get("rules_categories", ())),
            normative_categories=frozenset(str(c) for c in raw.get("normative_categories", ())),
            sections=sections,
        )
        for key, text in (("title", config.title), *sections.items()):
            check(text, BLANKS, f"年度报告模板 {path} 的 {key} ")
    except GongkaiError as exc:
        raise ReportConfigError(exc.message) from exc
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ReportConfigError(f"年度报告模板 {path} 无法读取（{exc}）") from exc
    return config


@dataclass
class AnnualReport:
    year: int
    office: str | None
    title: str
    #: rules / normative → issued, repealed, in_force; and the entered figures.
    table2: dict[str, dict[str, int]]
    figures: dict[str, float | int]
    #: row → column → count (rows ``ROWS``, columns ``COLUMNS``).
    table3: dict[str, dict[str, int]]
    #: review / litigation / litigation_after_review → ``REMEDY_COLUMNS`` → count.
    table4: dict[str, dict[str, int]]
    #: section key → its text with the figures filled in (and the text as written).
    narrative: dict[str, str]
    templates: dict[str, str]
    values: dict[str, object]
    checks: list[dict] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return all(c["ok"] for c in self.checks)


def inputs(session: Session, year: int, office: str | None) -> AnnualReportRecord | None:
    return session.scalar(
        select(AnnualReportRecord).where(
            AnnualReportRecord.year == year, AnnualReportRecord.office == (office or "")
        )
    )


def save_inputs(
    session: Session,
    settings: Settings,
    actor: Actor,
    year: int,
    office: str | None,
    *,
    figures: dict[str, float] | None = None,
    narrative: dict[str, str] | None = None,
) -> AnnualReportRecord:
    """The office's figures and section texts for one year; a text may use only the
    blanks the report knows, so it can always be filled."""
    actor.require(Permission.EDIT_REPORT)
    _scope(actor, office)
    figures, narrative = dict(figures or {}), narrative or {}
    unknown = set(figures) - set(FIGURES) | set(narrative) - {k for k, _ in SECTIONS}
    if unknown:
        raise InvalidInput(f"年度报告没有这些项：{', '.join(sorted(unknown))}")
    for key, value in list(figures.items()):
        if value is None or not math.isfinite(value) or value < 0:
            raise InvalidInput(f"{FIGURES[key]}应为不小于零的数")
        if float(value).is_integer():
            figures[key] = int(value)
        elif key not in AMOUNTS:
            raise InvalidInput(f"{FIGURES[key]}应为整数")
    narrative = {key: xml_safe(text) for key, text in narrative.items()}
    for key, text in narrative.items():
        if len(text) > 20000:
            raise InvalidInput("每部分的文字不能超过 20000 字")
        check(text, BLANKS, f"“{dict(SECTIONS)[key]}”")
    record = inputs(session, year, office)
    if record is None:
        record = AnnualReportRecord(office=office or "", year=year, figures={}, narrative={})
        session.add(record)
    before = {"figures": dict(record.figures), "narrative_keys": sorted(record.narrative)}
    record.figures = {**record.figures, **figures}
    record.narrative = {**record.narrative, **narrative}
    record.updated_by = actor.id
    session.flush()
    audit.record(
        session,
        actor=actor.username,
        action="report.inputs",
        before=before,
        after={
            "year": year,
            "office": office or "",
            "figures": record.figures,
            "narrative_changed": sorted(narrative),
        },
    )
    return record


def build(
    session: Session, settings: Settings, actor: Actor, year: int, office: str | None = None
) -> AnnualReport:
    actor.require(Permission.STATISTICS)
    _scope(actor, office)
    config = load_config(settings.annual_report_path)
    stored = inputs(session, year, office)
    figures = {k: (stored.figures.get(k, 0) if stored else 0) for k in FIGURES}
    table3 = applications_table(session, year, office)
    previous = applications_table(session, year - 1, office)
    table4 = remedies_table(session, year, office)
    table2, documents = documents_tables(session, config, year, office)
    name = config.offices.get(office or "", config.office_name)
    values = _values(name, year, table2, figures, table3, table4, documents)
    templates = {k: config.sections[k] for k, _ in SECTIONS}
    if stored:
        templates.update({k: v for k, v in stored.narrative.items() if k in templates})
    report = AnnualReport(
        year=year,
        office=office,
        title=fill(config.title, values),
        table2=table2,
        figures=figures,
        table3=table3,
        table4=table4,
        narrative={k: fill(t, values) for k, t in templates.items()},
        templates=templates,
        values=values,
    )
    report.checks = _checks(table3, previous, table4)
    return report


def applications_table(session: Session, year: int, office: str | None) -> dict:
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = select(
        ApplicationRecord.applicant_type,
        ApplicationRecord.received_on,
        ApplicationRecord.replied_on,
        ApplicationRecord.reply_type,
    ).where(
        ApplicationRecord.received_on <= end,
        or_(ApplicationRecord.replied_on.is_(None), ApplicationRecord.replied_on >= start),
    )
    if office:
        query = query.where(ApplicationRecord.office == office)
    table = {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}

    def add(row: str, column: str) -> None:
        table[row][column] += 1
        table[row]["total"] += 1

    for kind, received, replied, reply in session.execute(query):
        add("new" if received >= start else "carried_in", kind)
        if replied is not None and replied <= end:
            add(reply, kind)
            add("total", kind)
        else:
            add("carried_out", kind)
    return table


def remedies_table(session: Session, year: int, office: str | None) -> dict:
    start, end = date(year, 1, 1), date(year, 12, 31)
    query = (
        select(RemedyRecord.kind, RemedyRecord.outcome, RemedyRecord.decided_on)
        .join(ApplicationRecord, RemedyRecord.application_id == ApplicationRecord.id)
        .where(RemedyRecord.filed_on >= start, RemedyRecord.filed_on <= end)
    )
    if office:
        query = query.where(ApplicationRecord.office == office)
    table = {k.value: dict.fromkeys(REMEDY_COLUMNS, 0) for k in RemedyKind}
    for kind, outcome, decided in session.execute(query):
        column = outcome if outcome and decided and decided <= end else "pending"
        table[kind][column] += 1
        table[kind]["total"] += 1
    return table


def documents_tables(
    session: Session, config: ReportConfig, year: int, office: str | None
) -> tuple[dict, dict]:
    """Table 二's 规章 and 行政规范性文件 rows, and the year's documents by attribute."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    scope = [DocumentRecord.office == office] if office else []
    documents = session.execute(
        select(
            DocumentRecord.id,
            DocumentRecord.attribute,
            DocumentRecord.category,
            DocumentRecord.written_date,
            DocumentRecord.created_at,
        ).where(*scope, DocumentRecord.attribute.is_not(None))
    ).all()
    ended = {
        document_id: (kind, effective)
        for document_id, kind, effective in session.execute(
            select(
                PublicationRecord.document_id,
                PublicationRecord.revocation_kind,
                PublicationRecord.revocation_date,
            ).where(PublicationRecord.revocation_kind.is_not(None))
        )
    }
    table = {g: {"issued": 0, "repealed": 0, "in_force": 0} for g in ("rules", "normative")}
    by_attribute = {"主动公开": 0, "依申请公开": 0, "不予公开": 0}
    for document_id, attribute, category, written, created in documents:
        formed = written or created.date()
        if start <= formed <= end:
            by_attribute[attribute] = by_attribute.get(attribute, 0) + 1
        if category in config.rules_categories:
            group = "rules"
        elif category in config.normative_categories:
            group = "normative"
        else:
            continue
        kind, effective = ended.get(document_id, (None, None))
        if start <= formed <= end:
            table[group]["issued"] += 1
        if kind in ("废止", "失效") and effective and start <= effective <= end:
            table[group]["repealed"] += 1
        if formed <= end and not (kind and effective and effective <= end):
            table[group]["in_force"] += 1
    return table, {**by_attribute, "published": _published_in(session, year, office)}


def _published_in(session: Session, year: int, office: str | None) -> int:
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    query = (
        select(PublicationRecord.published_at)
        .join(DocumentRecord, PublicationRecord.document_id == DocumentRecord.id)
        .where(PublicationRecord.state.in_(("published", "revoked")))
    )
    if office:
        query = query.where(DocumentRecord.office == office)
    return sum(1 for (at,) in session.execute(query) if at and start <= at.date() < end)


def _values(name, year, table2, figures, table3, table4, documents) -> dict:
    total = table3["total"]["total"]

    def group(prefix: str) -> int:
        return sum(table3[r.code]["total"] for r in REPLY_TYPES if r.code.startswith(prefix))

    def amount(value) -> str:
        return f"{value:g}"

    return {
        "机关名称": name,
        "年度": year,
        "本年制发公文数": sum(documents[a] for a in ("主动公开", "依申请公开", "不予公开")),
        "主动公开数": documents["主动公开"],
        "依申请公开数": documents["依申请公开"],
        "不予公开数": documents["不予公开"],
        "本年发布数": documents["published"],
        "规章制发数": table2["rules"]["issued"],
        "规章废止数": table2["rules"]["repealed"],
        "规章现行有效数": table2["rules"]["in_force"],
        "规范性文件制发数": table2["normative"]["issued"],
        "规范性文件废止数": table2["normative"]["repealed"],
        "规范性文件现行有效数": table2["normative"]["in_force"],
        "行政许可数": amount(figures["licensing"]),
        "行政处罚数": amount(figures["penalties"]),
        "行政强制数": amount(figures["enforcement"]),
        "行政事业性收费金额": amount(figures["fees"]),
        "本年新收申请数": table3["new"]["total"],
        "上年结转申请数": table3["carried_in"]["total"],
        "本年办结数": total,
        "予以公开数": table3["grant"]["total"],
        "部分公开数": table3["partial"]["total"],
        "不予公开申请数": group("withhold_"),
        "无法提供数": group("unable_"),
        "不予处理数": group("reject_"),
        "其他处理数": group("other_"),
        "结转下年度数": table3["carried_out"]["total"],
        "行政复议数": table4["review"]["total"],
        "行政诉讼数": table4["litigation"]["total"] + table4["litigation_after_review"]["total"],
        "信息处理费件数": amount(figures["processing_fee_notices"]),
        "信息处理费金额": amount(figures["processing_fee_amount"]),
    }


def _checks(table3: dict, previous: dict, table4: dict) -> list[dict]:
    """The reconciliations the format prescribes, each with what was compared."""
    out = []
    for column in COLUMNS:
        left = table3["new"][column] + table3["carried_in"][column]
        right = table3["total"][column] + table3["carried_out"][column]
        out.append(
            {
                "name": f"表三 {column}：一＋二＝三（七）＋四",
                "ok": left == right,
                "detail": f"{left} = {right}",
            }
        )
        rows = sum(table3[r.code][column] for r in REPLY_TYPES)
        out.append(
            {
                "name": f"表三 {column}：三（一）至（六）之和＝（七）总计",
                "ok": rows == table3["total"][column],
                "detail": f"{rows} = {table3['total'][column]}",
            }
        )
    for row in ROWS:
        parts = sum(table3[row][c] for c in COLUMNS if c != "total")
        out.append(
            {
                "name": f"表三 {row}：各类申请人之和＝总计",
                "ok": parts == table3[row]["total"],
                "detail": f"{parts} = {table3[row]['total']}",
            }
        )
    out.append(
        {
            "name": "表三：上年结转＝上一年度结转下年度",
            "ok": table3["carried_in"] == previous["carried_out"],
            "detail": f"{table3['carried_in']['total']} = {previous['carried_out']['total']}",
        }
    )
    for kind, row in table4.items():
        parts = sum(row[c] for c in REMEDY_COLUMNS if c != "total")
        out.append(
            {"name": f"表四 {kind}：各项之和＝总计", "ok": parts == row["total"], "detail": ""}
        )
    return out


def _scope(actor: Actor, office: str | None) -> None:
    """A role bound to its office reports on that office only."""
    if not actor.all_offices and office != actor.office:
        raise InvalidInput("只能编制本处室的年度报告（give your own office）")
