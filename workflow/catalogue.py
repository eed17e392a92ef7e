"""The 政府信息公开目录: every document the 复审 has decided, with its 索引号, title,
发文字号, 成文日期, attribute, content category and, for 不予公开, its ground; published
items link to their file, 依申请公开 items are listed without their content.

索引号 are given the first time the catalogue is read after a document is decided, in
the office's scheme (workflow/conf/catalogue.yaml), and never change. The catalogue
also keeps each document's text for the search that matches applications to documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from jinja2 import Environment, select_autoescape
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.config import Settings
from core.errors import GongkaiError
from store.records import CatalogueEntryRecord, DocumentRecord, PublicationRecord, VersionRecord
from workflow import audit
from workflow.placeholders import check, fill, xml_safe
from workflow.states import State
from workflow.tabular import to_csv, to_xlsx
from workflow.users import SYSTEM, Actor, Permission

DEFAULT_CATALOGUE = Path(__file__).resolve().parent / "conf" / "catalogue.yaml"
DECIDED = (
    State.CLEARED,
    State.WITHHELD,
    State.ON_APPLICATION,
    State.QUEUED,
    State.PUBLISHED,
    State.REVOKED,
)
COLUMNS = (
    "索引号",
    "标题",
    "发文字号",
    "成文日期",
    "发布机构",
    "公开属性",
    "内容分类",
    "不予公开理由",
    "状态",
    "文件",
)


class CatalogueConfigError(GongkaiError):
    code = "invalid_catalogue_config"
    http_status = 500


@dataclass(frozen=True)
class CatalogueConfig:
    title: str
    scheme: str
    digits: int
    code: str
    offices: dict[str, str]
    file_base_url: str

    def code_of(self, office: str) -> str:
        return self.offices.get(office, self.code)


@lru_cache(maxsize=4)
def load_config(path: Path | None = None) -> CatalogueConfig:
    path = path or DEFAULT_CATALOGUE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        config = CatalogueConfig(
            title=str(raw.get("title", "政府信息公开目录")),
            scheme=str(raw["scheme"]),
            digits=int(raw.get("digits", 5)),
            code=str(raw["code"]),
            offices={str(k): str(v) for k, v in (raw.get("offices") or {}).items()},
            file_base_url=str(raw.get("file_base_url") or ""),
        )
        check(config.scheme, ("机构代码", "年份", "序号", "处室"), f"索引号规则（{path}）")
    except GongkaiError as exc:
        raise CatalogueConfigError(exc.message) from exc
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise CatalogueConfigError(f"目录配置 {path} 无法读取（{exc}）") from exc
    if "{序号}" not in config.scheme or not 1 <= config.digits <= 12:
        raise CatalogueConfigError(f"索引号规则须含 {{序号}}，位数 1–12（{path}）")
    return config


@dataclass(frozen=True)
class Item:
    document_id: int
    index_number: str
    title: str | None
    doc_number: str | None
    written_date: date | None
    office: str
    attribute: str | None
    category: str | None
    ground: str | None
    state: str
    state_label: str
    #: Path of the published file under the publication target; None unless published.
    file: str | None
    revocation: str | None
    publication_blocked: bool

    def row(self, base_url: str = "") -> list:
        return [
            self.index_number,
            self.title or "",
            self.doc_number or "",
            self.written_date.isoformat() if self.written_date else "",
            self.office,
            self.attribute or "",
            self.category or "",
            self.ground or "",
            self.revocation or self.state_label,
            base_url + self.file if self.file else "",
        ]


def sync(session: Session, settings: Settings) -> int:
    """Give every newly decided document its 索引号 and keep the search text of every
    entry at its document's latest version. Returns how many entries changed."""
    if not _pending(session):
        return 0
    # Numbering must not run twice at once: wait for any other numbering to commit,
    # then look again at what is left to do.
    audit.serialise(session)
    pending = _pending(session)
    if not pending:
        return 0
    config = load_config(settings.catalogue_path)
    numbered = []
    for document, version_id, entry in pending:
        version = session.get(VersionRecord, version_id)
        text = " ".join(
            part
            for part in (document.title, document.doc_number, (version.parsed or {}).get("text"))
            if part
        )
        if entry is None:
            entry = _number(session, config, document)
            numbered.append({"document_id": document.id, "index_number": entry.index_number})
        entry.version_id = version_id
        entry.search_text = re.sub(r"\s+", " ", text)
        session.flush()
    if numbered:
        audit.record(
            session, actor=SYSTEM.username, action="catalogue.number", after={"items": numbered}
        )
    return len(pending)


def _pending(session: Session):
    latest = (
        select(VersionRecord.document_id, func.max(VersionRecord.id).label("version_id"))
        .group_by(VersionRecord.document_id)
        .subquery()
    )
    query = (
        select(DocumentRecord, latest.c.version_id, CatalogueEntryRecord)
        .join(latest, latest.c.document_id == DocumentRecord.id)
        .outerjoin(CatalogueEntryRecord, CatalogueEntryRecord.document_id == DocumentRecord.id)
        .where(
            DocumentRecord.state.in_([s.value for s in DECIDED]),
            or_(
                CatalogueEntryRecord.id.is_(None),
                CatalogueEntryRecord.version_id != latest.c.version_id,
            ),
        )
        # By 成文日期, undated last, on either database: the order numbers are given in.
        .order_by(
            DocumentRecord.written_date.is_(None), DocumentRecord.written_date, DocumentRecord.id
        )
    )
    return session.execute(query).all()


def _number(session: Session, config: CatalogueConfig, document: DocumentRecord):
    code = config.code_of(document.office)
    year = (document.written_date or document.created_at.date()).year
    seq = 1 + (
        session.scalar(
            select(func.max(CatalogueEntryRecord.seq)).where(
                CatalogueEntryRecord.code == code, CatalogueEntryRecord.year == year
            )
        )
        or 0
    )
    number = fill(
        config.scheme,
        {
            "机构代码": code,
            "年份": year,
            "序号": str(seq).zfill(config.digits),
            "处室": document.office,
        },
    )
    entry = CatalogueEntryRecord(
        document_id=document.id, code=code, year=year, seq=seq, index_number=number[:128]
    )
    session.add(entry)
    return entry


def items(
    session: Session,
    settings: Settings,
    actor: Actor,
    *,
    q: str | None = None,
    attribute: str | None = None,
    year: int | None = None,
    limit: int = 200,
    offset: int = 0,
) -> tuple[list[Item], int]:
    """The catalogue the actor may see (a drafter: its office's), optionally searched:
    every word of ``q`` must appear in the title, the 发文字号 or the text."""
    actor.require(Permission.READ)
    sync(session, settings)
    query = (
        select(CatalogueEntryRecord, DocumentRecord)
        .join(DocumentRecord, CatalogueEntryRecord.document_id == DocumentRecord.id)
        .where(DocumentRecord.state.in_([s.value for s in DECIDED]))
    )
    if not actor.all_offices:
        query = query.where(DocumentRecord.office == actor.office)
    if attribute:
        query = query.where(DocumentRecord.attribute == attribute)
    if year:
        query = query.where(CatalogueEntryRecord.year == year)
    for term in _terms(q):
        pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                DocumentRecord.title.ilike(pattern, escape="\\"),
                DocumentRecord.doc_number.ilike(pattern, escape="\\"),
                CatalogueEntryRecord.search_text.ilike(pattern, escape="\\"),
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(CatalogueEntryRecord.year.desc(), CatalogueEntryRecord.seq.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    published = _publications(session, [document.id for _, document in rows])
    out = []
    for entry, document in rows:
        publication = published.get(document.id)
        revocation = None
        if publication is not None and publication.revocation_kind:
            revocation = f"已{publication.revocation_kind}（{publication.revocation_date}）"
        out.append(
            Item(
                document_id=document.id,
                index_number=entry.index_number,
                title=document.title,
                doc_number=document.doc_number,
                written_date=document.written_date,
                office=document.office,
                attribute=document.attribute,
                category=document.category,
                ground=document.ground if document.attribute == "不予公开" else None,
                state=document.state,
                state_label=State(document.state).label,
                file=publication.path if publication is not None else None,
                revocation=revocation,
                publication_blocked=document.publication_blocked,
            )
        )
    return out, total


def _terms(q: str | None) -> list[str]:
    q = xml_safe(q or "")
    if not q:
        return []
    # 发文字号 are stored with 〔〕: a query typed with [] or () finds them too.
    q = re.sub(r"[\[［(（【]\s*(\d{4})\s*[\]］)）】]", r"〔\1〕", q)
    return [t for t in q.split() if t][:10]


def _publications(session: Session, ids: list[int]) -> dict[int, PublicationRecord]:
    if not ids:
        return {}
    rows = session.scalars(
        select(PublicationRecord)
        .where(
            PublicationRecord.document_id.in_(ids),
            PublicationRecord.state.in_(("published", "revoked")),
        )
        .order_by(PublicationRecord.id)
    )
    return {p.document_id: p for p in rows}


def export(
    session: Session, settings: Settings, actor: Actor, kind: str, *, attribute: str | None = None
) -> tuple[bytes, str]:
    """The whole catalogue as ``html`` (for the website), ``csv`` or ``xlsx``.

    The HTML page is for the public: documents with a 密级 marking are left out, since
    even their titles may be classified. CSV and XLSX are the office's working lists
    and hold every item."""
    config = load_config(settings.catalogue_path)
    everything, _ = items(session, settings, actor, attribute=attribute, limit=1_000_000)
    if kind == "csv":
        return to_csv(COLUMNS, [i.row(config.file_base_url) for i in everything]), "text/csv"
    if kind == "xlsx":
        data = to_xlsx(config.title, COLUMNS, [i.row(config.file_base_url) for i in everything])
        return data, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    public = [i for i in everything if not i.publication_blocked]
    html = _html().render(
        title=config.title, items=public, base=config.file_base_url, generated=date.today()
    )
    return html.encode("utf-8"), "text/html; charset=utf-8"


@lru_cache(maxsize=1)
def _html():
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    return env.from_string(_PAGE)


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5rem; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999;
padding: .3rem .5rem; text-align: left; vertical-align: top; } th { background: #eef2f7; }
</style></head><body>
<h1>{{ title }}</h1>
<p>共 {{ items|length }} 条，生成于 {{ generated }}。依申请公开的信息只列目录，可依照
《中华人民共和国政府信息公开条例》第二十七条申请获取。</p>
<table><thead><tr><th>索引号</th><th>标题</th><th>发文字号</th><th>成文日期</th>
<th>公开属性</th><th>内容分类</th><th>不予公开理由</th><th>状态</th></tr></thead><tbody>
{% for i in items %}<tr><td>{{ i.index_number }}</td>
<td>{% if i.file %}<a href="{{ base }}{{ i.file }}">{{ i.title or "" }}</a>
{%- else %}{{ i.title or "" }}{% endif %}</td>
<td>{{ i.doc_number or "" }}</td><td>{{ i.written_date or "" }}</td>
<td>{{ i.attribute or "" }}</td><td>{{ i.category or "" }}</td><td>{{ i.ground or "" }}</td>
<td>{{ i.revocation or i.state_label }}</td></tr>
{% endfor %}</tbody></table></body></html>
"""
