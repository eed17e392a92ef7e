"""The 政府信息公开申请答复告知书, and the notices sent while an application is handled
(补正告知书, 延期答复告知书): composed from the office's template, written as DOCX (to
edit and print) and PDF (to send), both from the same paragraphs.

Every reply letter states the reply, its legal basis and the remedy (行政复议, 行政诉讼).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import yaml

from core.errors import GongkaiError
from workflow.application_types import REPLY, ReplyType
from workflow.placeholders import check, fill, xml_safe

DEFAULT_LETTERS = Path(__file__).resolve().parent / "conf" / "letters.yaml"
BLANKS = (
    "机关名称",
    "申请编号",
    "申请人",
    "收到日期",
    "申请内容",
    "答复日期",
    "理由",
    "依据",
    "文件清单",
    "提供文件",
    "复议机关",
    "人民法院",
    "联系方式",
)
_TEXTS = ("title", "number", "salutation", "opening", "basis", "remedy", "closing")
#: The notices and the blanks each may use besides ``BLANKS``.
NOTICES = {
    "correction": ("补正事项", "补正期限"),
    "extension": ("延期理由", "延长天数", "答复期限"),
}


class LettersError(GongkaiError):
    code = "invalid_letter_template"
    http_status = 500


@dataclass(frozen=True)
class Notice:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Templates:
    texts: dict[str, str]
    replies: dict[str, str]
    offices: dict[str, dict[str, str]]
    notices: dict[str, Notice]

    def office(self, office: str) -> dict[str, str]:
        """The office's name and remedy bodies: its own entry over the defaults."""
        base = {
            "机关名称": self.texts["office_name"],
            "复议机关": self.texts["review_body"],
            "人民法院": self.texts["court"],
            "联系方式": self.texts["contact"],
        }
        own = self.offices.get(office, {})
        keys = {
            "office_name": "机关名称",
            "review_body": "复议机关",
            "court": "人民法院",
            "contact": "联系方式",
        }
        return base | {keys[k]: str(v) for k, v in own.items() if k in keys}


@lru_cache(maxsize=4)
def load_templates(path: Path | None = None) -> Templates:
    path = path or DEFAULT_LETTERS
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        texts = {k: str(raw[k]) for k in (*_TEXTS, "office_name", "review_body", "court")}
        texts["contact"] = str(raw.get("contact", ""))
        replies = {str(k): str(v) for k, v in (raw.get("replies") or {}).items()}
        offices = {str(k): dict(v or {}) for k, v in (raw.get("offices") or {}).items()}
        # An office's own file written before the notices existed takes the defaults'.
        own = raw.get("notices") or {}
        default = {} if path == DEFAULT_LETTERS else _default_notices()
        notices = {
            kind: Notice(str(spec["title"]), tuple(str(p) for p in spec["paragraphs"]))
            for kind, spec in (default | own).items()
            if kind in NOTICES
        }
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError, ValueError) as exc:
        raise LettersError(
            f"答复告知书模板 {path} 无法读取（not a valid template: {exc}）"
        ) from exc
    missing = sorted(set(REPLY) - set(replies))
    if missing:
        raise LettersError(f"答复告知书模板缺少答复类型 {', '.join(missing)}（{path}）")
    if missing := sorted(set(NOTICES) - set(notices)):
        raise LettersError(f"答复告知书模板缺少告知书 {', '.join(missing)}（{path}）")
    try:
        for name, text in (*texts.items(), *replies.items()):
            check(text, BLANKS, f"答复告知书模板 {path} 的 {name} ")
        for kind, notice in notices.items():
            for text in (notice.title, *notice.paragraphs):
                check(text, BLANKS + NOTICES[kind], f"答复告知书模板 {path} 的 {kind} ")
    except GongkaiError as exc:
        raise LettersError(exc.message) from exc
    return Templates(texts, replies, offices, notices)


def _default_notices() -> dict:
    return yaml.safe_load(DEFAULT_LETTERS.read_text(encoding="utf-8"))["notices"]


@dataclass(frozen=True)
class Letter:
    title: str
    number: str
    salutation: str
    paragraphs: tuple[str, ...]
    signature: str
    dated: str


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _application_values(
    templates: Templates,
    office: str,
    reference: str,
    applicant: str,
    received_on: date,
    description: str,
    dated: date,
) -> dict[str, str]:
    """The blanks every letter about an application fills the same way."""
    return templates.office(office) | {
        "申请编号": reference,
        "申请人": applicant,
        "收到日期": chinese_date(received_on),
        "申请内容": description,
        "答复日期": chinese_date(dated),
    }


def compose(
    templates: Templates,
    *,
    office: str,
    reference: str,
    applicant: str,
    received_on: date,
    description: str,
    reply: ReplyType,
    reason: str,
    replied_on: date,
    documents: list[str],
) -> Letter:
    values = _application_values(
        templates, office, reference, applicant, received_on, description, replied_on
    ) | {
        "理由": reason,
        "依据": reply.article,
        "文件清单": "、".join(f"《{d}》" for d in documents),
        "提供文件": ("现提供" + "、".join(f"《{d}》" for d in documents) + "。")
        if documents
        else "",
    }
    texts = {k: xml_safe(fill(templates.texts[k], values)) for k in _TEXTS}
    body = xml_safe(fill(templates.replies[reply.code], values)).strip()
    paragraphs = tuple(
        p
        for p in (texts["opening"], body, texts["basis"], texts["remedy"], texts["closing"])
        if p.strip()
    )
    return Letter(
        texts["title"],
        texts["number"],
        texts["salutation"],
        paragraphs,
        xml_safe(values["机关名称"]),
        chinese_date(replied_on),
    )


def compose_notice(
    templates: Templates,
    kind: str,
    *,
    office: str,
    reference: str,
    applicant: str,
    received_on: date,
    description: str,
    dated: date,
    values: dict[str, str],
) -> Letter:
    """A 补正告知书 or 延期答复告知书: ``values`` fills the notice's own blanks."""
    filled = (
        _application_values(
            templates, office, reference, applicant, received_on, description, dated
        )
        | values
    )
    notice = templates.notices[kind]
    paragraphs = tuple(xml_safe(fill(p, filled)).strip() for p in notice.paragraphs)
    return Letter(
        xml_safe(fill(notice.title, filled)),
        xml_safe(fill(templates.texts["number"], filled)),
        xml_safe(fill(templates.texts["salutation"], filled)),
        tuple(p for p in paragraphs if p),
        xml_safe(filled["机关名称"]),
        chinese_date(dated),
    )


def to_docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "FangSong"
    normal.font.size = Pt(16)  # 三号, as GB/T 9704 sets the body
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(letter.title)
    run.bold, run.font.size = True, Pt(22)
    number = document.add_paragraph(letter.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(letter.salutation)
    for text in letter.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(32)
    for text in (letter.signature, letter.dated):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.core_properties.title = letter.title
    document.core_properties.author = letter.signature
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(letter: Letter) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=14,
        leading=26,
        wordWrap="CJK",
        firstLineIndent=28,
    )
    plain = ParagraphStyle("plain", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=plain, fontSize=20, leading=32, alignment=TA_CENTER)
    centred = ParagraphStyle("centred", parent=plain, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=plain, alignment=TA_RIGHT)

    # Paragraph reads markup: every text is escaped, so an applicant's "<b>" stays text.
    story = [
        Paragraph(escape(letter.title), title),
        Paragraph(escape(letter.number), centred),
        Spacer(1, 6 * mm),
        Paragraph(escape(letter.salutation), plain),
        *(Paragraph(escape(p), body) for p in letter.paragraphs),
        Spacer(1, 10 * mm),
        Paragraph(escape(letter.signature), right),
        Paragraph(escape(letter.dated), right),
    ]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        title=letter.title,
        author=letter.signature,
    )
    doc.build(story)
    return out.getvalue()
