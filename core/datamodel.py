"""The pipeline's data model: what ingest produces and every later stage reads.

All offsets are character offsets into ``Document.text``, end exclusive, so a span
found by any stage maps back to its block, and for PDFs to boxes on the page.
The classes are frozen: a stage that needs a changed document builds a new one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

#: Bumped when the JSON produced by ``Document.to_dict`` changes incompatibly.
SCHEMA_VERSION = 1


class MediaType(StrEnum):
    PDF = "application/pdf"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    TEXT = "text/plain"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    CSV = "text/csv"
    #: Word 97–2003; WPS 文字 files are read the same way (LibreOffice converts both).
    DOC = "application/msword"
    WPS = "application/vnd.ms-works"
    RTF = "application/rtf"
    ODT = "application/vnd.oasis.opendocument.text"
    XLS = "application/vnd.ms-excel"
    ET = "application/vnd.wps-office.et"
    OFD = "application/ofd"
    PNG = "image/png"
    JPEG = "image/jpeg"
    TIFF = "image/tiff"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    TABLE_CELL = "table_cell"
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    COMMENT = "comment"
    TEXT_BOX = "text_box"
    #: Text a tracked change deleted: invisible in Word, but still in the file.
    DELETED = "deleted"
    #: A spreadsheet cell (``Location.sheet``/``row``/``col``), or a cell's comment.
    CELL = "cell"
    #: Text recognised by OCR on a page without a usable text layer.
    OCR_LINE = "ocr_line"


class ElementName(StrEnum):
    """Official-document elements of GB/T 9704-2012, plus the disclosure marking."""

    COPY_NUMBER = "copy_number"  # 份号
    SECRECY = "secrecy"  # 密级和保密期限
    URGENCY = "urgency"  # 紧急程度
    ISSUER_MARK = "issuer_mark"  # 发文机关标志
    DOC_NUMBER = "doc_number"  # 发文字号
    SIGNER = "signer"  # 签发人
    TITLE = "title"  # 标题
    ADDRESSEE = "addressee"  # 主送机关
    ATTACHMENTS = "attachments"  # 附件说明
    ISSUER_SIGNATURE = "issuer_signature"  # 发文机关署名
    DATE = "date"  # 成文日期
    NOTE = "note"  # 附注
    DISCLOSURE_MARKING = "disclosure_marking"  # 此件公开发布 … inside 附注
    CC = "cc"  # 抄送机关
    PRINTED_BY = "printed_by"  # 印发机关
    PRINTED_DATE = "printed_date"  # 印发日期

    @property
    def label(self) -> str:
        return ELEMENT_LABELS[self]


ELEMENT_LABELS: Mapping[ElementName, str] = MappingProxyType(
    {
        ElementName.COPY_NUMBER: "份号",
        ElementName.SECRECY: "密级和保密期限",
        ElementName.URGENCY: "紧急程度",
        ElementName.ISSUER_MARK: "发文机关标志",
        ElementName.DOC_NUMBER: "发文字号",
        ElementName.SIGNER: "签发人",
        ElementName.TITLE: "标题",
        ElementName.ADDRESSEE: "主送机关",
        ElementName.ATTACHMENTS: "附件说明",
        ElementName.ISSUER_SIGNATURE: "发文机关署名",
        ElementName.DATE: "成文日期",
        ElementName.NOTE: "附注",
        ElementName.DISCLOSURE_MARKING: "公开属性标注",
        ElementName.CC: "抄送机关",
        ElementName.PRINTED_BY: "印发机关",
        ElementName.PRINTED_DATE: "印发日期",
    }
)


class DisclosureAttribute(StrEnum):
    """The three attributes of 《政府信息公开条例》; the values are what users read."""

    PROACTIVE = "主动公开"
    ON_APPLICATION = "依申请公开"
    WITHHELD = "不予公开"


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Location:
    """Where a block sits in its source file; only the fields that apply are set."""

    page: int | None = None  # PDF, 1-based
    part: str | None = None  # DOCX package part, e.g. "/word/header1.xml"
    index: int | None = None  # order of the block within its part or page
    table: int | None = None
    row: int | None = None
    col: int | None = None
    line: int | None = None  # plain text, 1-based line number
    bbox: tuple[float, float, float, float] | None = None  # PDF: x0, top, x1, bottom
    sheet: str | None = None  # spreadsheet: the sheet's name (row and col are 0-based)

    def to_dict(self) -> dict[str, Any]:
        return {
            name: getattr(self, name) for name in self.__slots__ if getattr(self, name) is not None
        }


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    start: int
    end: int
    location: Location = field(default_factory=Location)
    #: What the whole block is known to hold, as a ``Category`` value, when its source
    #: says so: a spreadsheet cell under a column headed 身份证号 holds an ID number
    #: even where the value alone would be ambiguous. Detection reads it; ingest sets it.
    holds: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class CharBox:
    """A character's box on its PDF page, in points, origin top-left (pdfplumber's)."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Element:
    name: ElementName
    start: int
    end: int
    #: Normalised value: an ISO date for dates, 〔〕 brackets in 发文字号, the attribute
    #: for the disclosure marking; otherwise the text with surrounding space removed.
    value: str
    #: Parts of the value, e.g. ``level`` and ``period`` of a 密级 marking.
    details: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name.value,
            "label": self.name.label,
            "value": self.value,
            "text": text[self.start : self.end],
            "start": self.start,
            "end": self.end,
        }
        if self.details:
            out["details"] = dict(self.details)
        return out


@dataclass(frozen=True, slots=True)
class Metadata:
    """Document properties. Redaction must scrub every one of them."""

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    keywords: str | None = None
    creator: str | None = None
    producer: str | None = None
    company: str | None = None
    last_modified_by: str | None = None
    created: str | None = None  # ISO 8601
    modified: str | None = None  # ISO 8601
    #: Every other property the file carries, by its name in the file.
    other: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "other", MappingProxyType(dict(self.other)))

    def to_dict(self) -> dict[str, Any]:
        out = {
            name: getattr(self, name)
            for name in self.__slots__
            if name != "other" and getattr(self, name) is not None
        }
        if self.other:
            out["other"] = dict(self.other)
        return out


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    media_type: MediaType
    sha256: str
    size: int
    blocks: tuple[Block, ...]
    metadata: Metadata
    elements: tuple[Element, ...] = ()
    #: PDF only: one entry per character of ``text``; ``None`` where ingest inserted
    #: a separator (line or paragraph break, word space) that is not drawn on the page.
    boxes: tuple[CharBox | None, ...] = ()
    page_count: int | None = None
    page_sizes: tuple[tuple[float, float], ...] = ()  # PDF: width, height per page
    encoding: str | None = None  # plain text: the encoding it was decoded from
    filename: str | None = None  # display name only: never used to build a path
    #: Pages (1-based) without a usable text layer: their text, if any, came from OCR.
    ocr_pages: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()
    #: Mean OCR confidence (0–1) of each page read by OCR, as (page, confidence).
    ocr_confidence: tuple[tuple[int, float], ...] = ()
    #: ``<format>/<version>`` of the parser that produced this document: a stored parse
    #: is reused only while the parser that would run now has the same version.
    parser_version: str = ""

    def __post_init__(self) -> None:
        if self.boxes and len(self.boxes) != len(self.text):
            raise ValueError("boxes must have one entry per character of text")

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def element(self, name: ElementName) -> Element | None:
        return next((e for e in self.elements if e.name == name), None)

    def blocks_of(self, kind: BlockKind) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == kind)

    def block_at(self, offset: int) -> Block | None:
        return next((b for b in self.blocks if b.start <= offset < b.end), None)

    def boxes_for(self, span: Span) -> list[CharBox]:
        """The rectangles a span covers: one per page line it runs through."""
        rects: list[CharBox] = []
        for box in self.boxes[span.start : span.end]:
            if box is None:
                continue
            last = rects[-1] if rects else None
            same_line = (
                last is not None
                and last.page == box.page
                and abs(last.top - box.top) < 0.5 * (box.bottom - box.top)
            )
            if same_line:
                rects[-1] = CharBox(
                    last.page,
                    min(last.x0, box.x0),
                    min(last.top, box.top),
                    max(last.x1, box.x1),
                    max(last.bottom, box.bottom),
                )
            else:
                rects.append(box)
        return rects

    def to_dict(
        self, *, include_text: bool = True, include_boxes: bool = False, exact_boxes: bool = False
    ) -> dict[str, Any]:
        """The stable JSON form documented in the README (``gongkai inspect --json``);
        ``exact_boxes`` keeps box coordinates unrounded, for the stored parse."""
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "filename": self.filename,
            "media_type": self.media_type.value,
            "sha256": self.sha256,
            "size": self.size,
            "page_count": self.page_count,
            "encoding": self.encoding,
            "metadata": self.metadata.to_dict(),
            "elements": [e.to_dict(self.text) for e in self.elements],
            "blocks": [
                {
                    "kind": b.kind.value,
                    "start": b.start,
                    "end": b.end,
                    **b.location.to_dict(),
                    **({"holds": b.holds} if b.holds else {}),
                }
                for b in self.blocks
            ],
            "ocr_pages": list(self.ocr_pages),
            "warnings": list(self.warnings),
        }
        if self.page_sizes:
            out["page_sizes"] = [list(size) for size in self.page_sizes]
        if self.ocr_confidence:
            out["ocr_confidence"] = [[page, round(c, 4)] for page, c in self.ocr_confidence]
        if self.parser_version:
            out["parser_version"] = self.parser_version
        if include_text:
            out["text"] = self.text
        if include_boxes and self.boxes:
            out["boxes"] = [
                None
                if b is None
                else [
                    b.page,
                    *(v if exact_boxes else round(v, 2) for v in (b.x0, b.top, b.x1, b.bottom)),
                ]
                for b in self.boxes
            ]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        """The inverse of ``to_dict(include_boxes=True, exact_boxes=True)``: the stored
        parse, loaded instead of parsing the original again."""
        if data.get("schema_version") != SCHEMA_VERSION:
            raise ValueError(f"unknown parse schema {data.get('schema_version')!r}")
        if "text" not in data:
            raise ValueError("a stored parse needs its text")
        location_fields = set(Location.__slots__)
        blocks = []
        for raw in data.get("blocks", ()):
            fields = {k: v for k, v in raw.items() if k in location_fields}
            if fields.get("bbox") is not None:
                fields["bbox"] = tuple(fields["bbox"])
            blocks.append(
                Block(
                    BlockKind(raw["kind"]),
                    raw["start"],
                    raw["end"],
                    Location(**fields),
                    raw.get("holds"),
                )
            )
        elements = tuple(
            Element(ElementName(e["name"]), e["start"], e["end"], e["value"], e.get("details", {}))
            for e in data.get("elements", ())
        )
        meta = dict(data.get("metadata") or {})
        other = meta.pop("other", {})
        boxes = tuple(
            None if b is None else CharBox(int(b[0]), *(float(v) for v in b[1:]))
            for b in data.get("boxes") or ()
        )
        return cls(
            text=data["text"],
            media_type=MediaType(data["media_type"]),
            sha256=data["sha256"],
            size=data["size"],
            blocks=tuple(blocks),
            metadata=Metadata(**meta, other=other),
            elements=elements,
            boxes=boxes,
            page_count=data.get("page_count"),
            page_sizes=tuple((float(w), float(h)) for w, h in data.get("page_sizes") or ()),
            encoding=data.get("encoding"),
            filename=data.get("filename"),
            ocr_pages=tuple(data.get("ocr_pages") or ()),
            warnings=tuple(data.get("warnings") or ()),
            ocr_confidence=tuple((int(p), float(c)) for p, c in data.get("ocr_confidence") or ()),
            parser_version=data.get("parser_version", ""),
        )


class Action(StrEnum):
    """What the policy suggests for a finding; a reviewer decides."""

    REDACT = "redact"
    REVIEW = "review"
    KEEP = "keep"


PRIVACY_BASIS = "《政府信息公开条例》第十五条（个人隐私）"
TRADE_SECRET_BASIS = "《政府信息公开条例》第十五条（商业秘密）"


class Category(StrEnum):
    PERSON_NAME = "person_name"
    ID_CARD = "id_card"
    MOBILE_PHONE = "mobile_phone"
    LANDLINE_PHONE = "landline_phone"
    EMAIL = "email"
    BANK_CARD = "bank_card"
    PASSPORT = "passport"
    TRAVEL_PERMIT = "travel_permit"
    SOCIAL_SECURITY_CARD = "social_security_card"
    LICENSE_PLATE = "license_plate"
    QQ = "qq"
    WECHAT = "wechat"
    IP_ADDRESS = "ip_address"
    BIRTH_DATE = "birth_date"
    ADDRESS = "address"  # a street address with a number: where someone lives or works
    LOCATION = "location"  # a province, city, district or place name: not personal
    ORGANIZATION = "organization"
    CREDIT_CODE = "credit_code"  # 统一社会信用代码: identifies an organisation
    DENY_LIST = "deny_list"  # a term the office always removes

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]

    @property
    def personal(self) -> bool:
        return self not in {Category.LOCATION, Category.ORGANIZATION, Category.CREDIT_CODE}


CATEGORY_LABELS: Mapping[Category, str] = MappingProxyType(
    {
        Category.PERSON_NAME: "姓名",
        Category.ID_CARD: "居民身份证号码",
        Category.MOBILE_PHONE: "手机号码",
        Category.LANDLINE_PHONE: "固定电话",
        Category.EMAIL: "电子邮箱",
        Category.BANK_CARD: "银行卡号",
        Category.PASSPORT: "护照号码",
        Category.TRAVEL_PERMIT: "港澳台通行证号码",
        Category.SOCIAL_SECURITY_CARD: "社会保障卡号",
        Category.LICENSE_PLATE: "机动车号牌",
        Category.QQ: "QQ号",
        Category.WECHAT: "微信号",
        Category.IP_ADDRESS: "IP地址",
        Category.BIRTH_DATE: "出生日期",
        Category.ADDRESS: "住址",
        Category.LOCATION: "地名",
        Category.ORGANIZATION: "机构名称",
        Category.CREDIT_CODE: "统一社会信用代码",
        Category.DENY_LIST: "禁用词",
    }
)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something in the text that may have to be removed before publication."""

    start: int
    end: int
    category: Category
    text: str
    score: float  # 0..1: how sure the recogniser is that this is what it says
    recognizer: str
    explanation: str  # why it was flagged, e.g. "18-digit ID, check digit valid, born 1985-03-02"
    legal_basis: str | None
    action: Action = Action.REVIEW
    action_reason: str = ""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "category": self.category.value,
            "label": self.category.label,
            "text": self.text,
            "score": round(self.score, 3),
            "recognizer": self.recognizer,
            "explanation": self.explanation,
            "legal_basis": self.legal_basis,
            "action": self.action.value,
            "action_reason": self.action_reason,
        }


@dataclass(frozen=True, slots=True)
class Redaction:
    """A span a reviewer confirmed for removal (or that ``--auto`` took from a finding)."""

    start: int
    end: int
    category: Category
    legal_basis: str | None = PRIVACY_BASIS
    reviewer: str | None = None
    confirmed_at: str | None = None  # ISO 8601

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    @classmethod
    def from_finding(
        cls, finding: Finding, *, reviewer: str | None = None, confirmed_at: str | None = None
    ) -> Redaction:
        return cls(
            finding.start,
            finding.end,
            finding.category,
            finding.legal_basis,
            reviewer,
            confirmed_at,
        )


@dataclass(frozen=True, slots=True)
class RedactionEntry:
    """One line of the redaction log: where and why, never what."""

    number: int
    category: Category
    legal_basis: str | None
    reviewer: str | None
    confirmed_at: str | None
    page: int | None = None  # PDF
    location: str | None = None  # DOCX part, or "line N" for text

    @classmethod
    def of(
        cls,
        number: int,
        redaction: Redaction,
        *,
        page: int | None = None,
        location: str | None = None,
    ) -> RedactionEntry:
        return cls(
            number,
            redaction.category,
            redaction.legal_basis,
            redaction.reviewer,
            redaction.confirmed_at,
            page,
            location,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "category": self.category.value,
            "label": self.category.label,
            "legal_basis": self.legal_basis,
            "page": self.page,
            "location": self.location,
            "reviewer": self.reviewer,
            "confirmed_at": self.confirmed_at,
        }


@dataclass(frozen=True, slots=True)
class RedactedFile:
    data: bytes
    media_type: MediaType
    sha256: str
    entries: tuple[RedactionEntry, ...]
    #: What else was removed or scrubbed (metadata, annotations, tracked changes …).
    scrubbed: tuple[str, ...] = ()
    #: PDF pages that were rasterised because they could not be edited safely, with why.
    rasterised: tuple[tuple[int, str], ...] = ()
    #: The leak check's summary (tools, leaks found: none, share of text kept).
    verification: Mapping[str, Any] = field(default_factory=dict)


class Ground(StrEnum):
    """Legal grounds for 不予公开 (《政府信息公开条例》第十四、十五、十六条)."""

    STATE_SECRET = "国家秘密"
    LAW_FORBIDS = "法律、行政法规禁止公开"
    SECURITY = "危及三安全一稳定"
    TRADE_SECRET = "商业秘密"
    PRIVACY = "个人隐私"
    INTERNAL = "内部事务信息"
    PROCESS = "过程性信息"
    ENFORCEMENT = "行政执法案卷信息"

    @property
    def article(self) -> str:
        if self in (Ground.STATE_SECRET, Ground.LAW_FORBIDS, Ground.SECURITY):
            return "第十四条"
        if self in (Ground.TRADE_SECRET, Ground.PRIVACY):
            return "第十五条"
        return "第十六条"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One reason behind a suggestion: what was seen, where, and what it argues for."""

    rule: str
    explanation: str
    article: str | None = None
    attribute: DisclosureAttribute | None = None
    start: int | None = None
    end: int | None = None

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "explanation": self.explanation,
            "article": self.article,
            "attribute": self.attribute.value if self.attribute else None,
            "start": self.start,
            "end": self.end,
        }
        if text is not None and self.start is not None and self.end is not None:
            out["text"] = text[self.start : self.end]
        return out


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A suggested disclosure attribute; a reviewer decides."""

    attribute: DisclosureAttribute
    probabilities: Mapping[DisclosureAttribute, float]
    ground: Ground | None
    category: str | None  # content category for the annual report
    evidence: tuple[Evidence, ...]
    #: A 密级 marking: the document can never be published, whatever is decided.
    publication_blocked: bool
    #: Where the rules and the model disagree; shown, never hidden.
    conflicts: tuple[str, ...] = ()
    source: str = "rules"  # "rules", or "rules+model:<version>"
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "probabilities", MappingProxyType(dict(self.probabilities)))

    @property
    def uncertainty(self) -> float:
        """How unsure the suggestion is, 0 (one attribute has it all) to 1 (the two
        likeliest are level): one minus the margin between them. The queue orders by it."""
        top = [*sorted(self.probabilities.values(), reverse=True), 0.0, 0.0]
        return 1.0 - (top[0] - top[1])

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        return {
            "attribute": self.attribute.value,
            "probabilities": {k.value: round(v, 4) for k, v in self.probabilities.items()},
            "uncertainty": round(self.uncertainty, 4),
            "ground": self.ground.value if self.ground else None,
            "ground_article": self.ground.article if self.ground else None,
            "category": self.category,
            "publication_blocked": self.publication_blocked,
            "evidence": [e.to_dict(text) for e in self.evidence],
            "conflicts": list(self.conflicts),
            "source": self.source,
            "note": self.note,
        }
