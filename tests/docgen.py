"""Build realistic official documents in code, as DOCX and as PDF.

A ``DocSpec`` is a list of lines with their GB/T 9704 role; the renderers lay it out
roughly as the standard does (title centred, signature and date right-aligned, body
indented two characters) so parsers meet the layouts they meet in offices. Tests,
``examples/`` and ``bench/`` all build their documents here. The people and phone
numbers in the documents below are invented.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

Row = tuple[str, ...]


@dataclass(frozen=True)
class Line:
    role: str  # copy, secrecy, urgency, mark, number, title, addressee, body, attach, signature, date, note, cc, printed
    text: str = ""
    table: tuple[Row, ...] = ()  # role "table"


@dataclass(frozen=True)
class DocSpec:
    name: str
    lines: tuple[Line, ...]
    header: str = ""
    footer_page_numbers: bool = True
    author: str = "李文华"
    title_property: str = ""
    expected: dict[str, str] = field(default_factory=dict)  # element name -> normalised value

    def body_text(self) -> str:
        """Everything on the page in reading order, as the source states it."""
        parts = []
        for line in self.lines:
            if line.role == "table":
                parts.extend(cell for row in line.table for cell in row)
            else:
                parts.append(line.text)
        return "\n".join(parts)


NOTICE = DocSpec(
    name="notice",
    header="贺州市人力资源和社会保障局",
    lines=(
        Line("mark", "贺州市人力资源和社会保障局文件"),
        Line("number", "贺人社发〔2020〕102号"),
        Line(
            "title",
            "贺州市人力资源和社会保障局关于做好2020年度城乡居民基本养老保险待遇调整工作的通知",
        ),
        Line("addressee", "各县（区）人力资源和社会保障局，市社会保险事业管理中心："),
        Line(
            "body",
            "根据《广西壮族自治区人力资源和社会保障厅 广西壮族自治区财政厅关于提高城乡居民基本养老保险基础养老金最低标准的通知》（桂人社发〔2020〕15号）精神，经市人民政府同意，现就做好我市2020年度城乡居民基本养老保险待遇调整工作通知如下。",
        ),
        Line(
            "body",
            "一、调整范围。2020年1月1日前已按规定领取城乡居民基本养老保险待遇的人员，以及2020年1月1日后新办理待遇领取手续的人员，均纳入本次调整范围。",
        ),
        Line(
            "body",
            "二、调整标准。自2020年1月1日起，全市城乡居民基本养老保险基础养老金最低标准由每人每月113元提高到每人每月118元，所需资金由各级财政按规定分担。各县（区）调整情况见下表。",
        ),
        Line(
            "table",
            table=(
                ("县（区）", "调整前（元/月）", "调整后（元/月）"),
                ("八步区", "113", "118"),
                ("平桂区", "113", "118"),
                ("昭平县", "113", "118"),
            ),
        ),
        Line(
            "body",
            "三、工作要求。各县（区）要高度重视，精心组织，确保调整后的待遇于2020年4月底前足额发放到位。工作中遇到的问题请及时报告市人力资源和社会保障局养老保险科，联系电话：0774-5123456。",
        ),
        Line("attach", "附件：1．2020年度城乡居民基本养老保险待遇调整汇总表"),
        Line("attach", "2．待遇调整工作联络员名单"),
        Line("signature", "贺州市人力资源和社会保障局"),
        Line("date", "2020年3月5日"),
        Line("note", "（此件公开发布）"),
        Line("cc", "抄送：市人民政府办公室，市财政局。"),
        Line("printed", "贺州市人力资源和社会保障局办公室　　2020年3月6日印发"),
    ),
    expected={
        "issuer_mark": "贺州市人力资源和社会保障局文件",
        "doc_number": "贺人社发〔2020〕102号",
        "title": "贺州市人力资源和社会保障局关于做好2020年度城乡居民基本养老保险待遇调整工作的通知",
        "addressee": "各县（区）人力资源和社会保障局，市社会保险事业管理中心",
        "attachments": "1．2020年度城乡居民基本养老保险待遇调整汇总表；2．待遇调整工作联络员名单",
        "issuer_signature": "贺州市人力资源和社会保障局",
        "date": "2020-03-05",
        "note": "此件公开发布",
        "disclosure_marking": "主动公开",
        "cc": "市人民政府办公室，市财政局",
        "printed_by": "贺州市人力资源和社会保障局办公室",
        "printed_date": "2020-03-06",
    },
)

REQUEST = DocSpec(
    name="request",
    lines=(
        Line("mark", "贺州市人力资源和社会保障局"),
        Line("number", "贺人社报〔2021〕8号　　　　签发人：王建国"),
        Line("title", "关于申请拨付2021年就业补助资金的请示"),
        Line("addressee", "市人民政府："),
        Line(
            "body",
            "为做好2021年高校毕业生、农民工等重点群体就业工作，落实职业技能提升行动，经测算，我局需申请市级就业补助资金共计人民币叁佰贰拾万元（3200000元），主要用于职业培训补贴、社会保险补贴和公益性岗位补贴。",
        ),
        Line("body", "妥否，请批示。"),
        Line("signature", "贺州市人力资源和社会保障局"),
        Line("date", "二〇二一年四月十二日"),
        Line("note", "（联系人：张晓燕，联系电话：13907745678）"),
        Line("note", "（此件不公开）"),
    ),
    expected={
        "issuer_mark": "贺州市人力资源和社会保障局",
        "doc_number": "贺人社报〔2021〕8号",
        "signer": "王建国",
        "title": "关于申请拨付2021年就业补助资金的请示",
        "addressee": "市人民政府",
        "issuer_signature": "贺州市人力资源和社会保障局",
        "date": "2021-04-12",
        "disclosure_marking": "不予公开",
    },
)

SECRET = DocSpec(
    name="secret",
    header="秘密★1年",
    lines=(
        Line("copy", "000025"),
        Line("secrecy", "秘密★1年"),
        Line("urgency", "特急"),
        Line("mark", "贺州市人力资源和社会保障局文件"),
        Line("number", "贺人社发[2022]3号"),
        Line("title", "关于2021年度局机关干部"),
        Line("title", "考核结果的通报"),
        Line("addressee", "局机关各科室、局属各单位："),
        Line(
            "body",
            "根据《公务员考核规定》和市委组织部有关要求，经局党组研究，现将2021年度局机关干部考核结果通报如下。",
        ),
        Line(
            "table",
            table=(
                ("姓名", "职务", "考核等次"),
                ("陈立新", "养老保险科科长", "优秀"),
                ("黄美玲", "就业促进科副科长", "称职"),
            ),
        ),
        Line("body", "请各科室、各单位认真做好考核结果运用工作。"),
        Line("signature", "贺州市人力资源和社会保障局"),
        Line("date", "2022年1月20日"),
        Line("cc", "抄送：市委组织部。"),
        Line("printed", "贺州市人力资源和社会保障局办公室　　2022年1月21日印发"),
    ),
    expected={
        "copy_number": "000025",
        "secrecy": "秘密★1年",
        "urgency": "特急",
        "issuer_mark": "贺州市人力资源和社会保障局文件",
        "doc_number": "贺人社发〔2022〕3号",
        "title": "关于2021年度局机关干部考核结果的通报",
        "addressee": "局机关各科室、局属各单位",
        "issuer_signature": "贺州市人力资源和社会保障局",
        "date": "2022-01-20",
        "cc": "市委组织部",
        "printed_by": "贺州市人力资源和社会保障局办公室",
        "printed_date": "2022-01-21",
    },
)

SPECS = (NOTICE, REQUEST, SECRET)


def spec_from_text(name: str, text: str) -> DocSpec:
    """A plain report (the seeds): a short first line is the title, every other line a
    paragraph."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    first = lines[0]
    is_title = len(first) <= 80 and not first.endswith(("。", "；", "："))
    return DocSpec(
        name=name,
        lines=(
            Line("title" if is_title else "body", first),
            *(Line("body", ln) for ln in lines[1:]),
        ),
        expected={},
    )


# --------------------------------------------------------------------------- DOCX


def render_docx(spec: DocSpec) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.author = spec.author
    doc.core_properties.last_modified_by = spec.author
    doc.core_properties.title = spec.title_property or spec.name
    section = doc.sections[0]
    if spec.header:
        section.header.paragraphs[0].text = spec.header
    if spec.footer_page_numbers:
        section.footer.paragraphs[0].text = "— 1 —"
    align = {
        "title": WD_ALIGN_PARAGRAPH.CENTER,
        "mark": WD_ALIGN_PARAGRAPH.CENTER,
        "number": WD_ALIGN_PARAGRAPH.CENTER,
        "signature": WD_ALIGN_PARAGRAPH.RIGHT,
        "date": WD_ALIGN_PARAGRAPH.RIGHT,
    }
    for line in spec.lines:
        if line.role == "table":
            table = doc.add_table(rows=len(line.table), cols=len(line.table[0]))
            table.style = "Table Grid"
            for r, row in enumerate(line.table):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            continue
        paragraph = doc.add_paragraph()
        # Split into several runs, as Word does after edits, so parsers cannot rely on one run.
        for piece in _chunks(line.text, 7):
            run = paragraph.add_run(piece)
            run.font.size = Pt(22 if line.role == "title" else 16)
        if line.role in align:
            paragraph.alignment = align[line.role]
        if line.role == "body":
            paragraph.paragraph_format.first_line_indent = Pt(32)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


# --------------------------------------------------------------------------- PDF


def libreoffice_pdf(docx: bytes, workdir) -> bytes:
    """The PDF LibreOffice makes of a DOCX, as offices often publish them."""
    import subprocess
    from pathlib import Path

    workdir = Path(workdir)
    source = workdir / "source.docx"
    source.write_bytes(docx)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{workdir}/lo-profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (workdir / "source.pdf").read_bytes()


def drawable(text: str) -> str:
    """The text the PDF fixtures can show: STSong-Light (Adobe-GB1) covers GBK, and a
    character outside it (e.g. the bullet •) is not drawn at all."""
    out = []
    for ch in text:
        try:
            ch.encode("gbk")
        except UnicodeEncodeError:
            continue
        out.append(ch)
    return "".join(out)


_FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4 in points
LEFT, RIGHT, TOP, BOTTOM = 79.0, 74.0, 105.0, 99.0  # GB/T 9704: 28/26/37/35 mm
BODY_SIZE, TITLE_SIZE, LEADING = 16.0, 22.0, 28.0


def render_pdf(spec: DocSpec, *, author: str | None = None) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H))
    pdf.setAuthor(author or spec.author)
    pdf.setTitle(spec.title_property or spec.name)
    layout = _PdfLayout(pdf, spec)
    for line in spec.lines:
        if line.role == "table":
            layout.table(line.table)
        else:
            layout.paragraph(line)
    layout.finish_page()
    pdf.save()
    return buffer.getvalue()


class _PdfLayout:
    def __init__(self, pdf, spec: DocSpec):
        self.pdf = pdf
        self.spec = spec
        self.page = 1
        self.y = PAGE_H - TOP
        self.width = PAGE_W - LEFT - RIGHT

    def _text_width(self, text: str, size: float) -> float:
        from reportlab.pdfbase import pdfmetrics

        return pdfmetrics.stringWidth(text, _FONT, size)

    def _wrap(self, text: str, size: float, first_indent: float, width: float) -> list[str]:
        lines, current = [], ""
        limit = width - first_indent
        for ch in text:
            if current and self._text_width(current + ch, size) > limit:
                lines.append(current)
                current, limit = "", width
            current += ch
        if current:
            lines.append(current)
        return lines

    def _need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.finish_page()
            self.pdf.showPage()
            self.page += 1
            self.y = PAGE_H - TOP

    def finish_page(self) -> None:
        if self.spec.header:
            self.pdf.setFont(_FONT, 10.5)
            self.pdf.drawString(LEFT, PAGE_H - 40, self.spec.header)
        if self.spec.footer_page_numbers:
            self.pdf.setFont(_FONT, 14)
            label = f"— {self.page} —"
            self.pdf.drawString((PAGE_W - self._text_width(label, 14)) / 2, 40, label)

    def paragraph(self, line: Line) -> None:
        size = TITLE_SIZE if line.role == "title" else BODY_SIZE
        indent = 2 * size if line.role in {"body", "attach"} else 0.0
        wrapped = self._wrap(line.text, size, indent, self.width)
        for i, text in enumerate(wrapped):
            self._need(LEADING)
            self.y -= LEADING
            self.pdf.setFont(_FONT, size)
            w = self._text_width(text, size)
            if line.role in {"title", "mark", "number"}:
                x = LEFT + (self.width - w) / 2
            elif line.role in {"signature", "date"}:
                x = PAGE_W - RIGHT - w - 2 * size
            else:
                x = LEFT + (indent if i == 0 else 0.0)
            self.pdf.drawString(x, self.y, text)
        if line.role in {"mark", "title"}:
            self.y -= 8

    def table(self, rows: tuple[Row, ...]) -> None:
        cols = len(rows[0])
        col_w = self.width / cols
        row_h = LEADING
        size = 14.0
        self._need(row_h * len(rows) + 10)
        self.y -= 10
        top = self.y
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.pdf.setFont(_FONT, size)
                self.pdf.drawString(LEFT + c * col_w + 4, top - (r + 1) * row_h + 9, value)
        self.pdf.setLineWidth(0.8)
        for r in range(len(rows) + 1):
            self.pdf.line(LEFT, top - r * row_h, LEFT + self.width, top - r * row_h)
        for c in range(cols + 1):
            self.pdf.line(LEFT + c * col_w, top, LEFT + c * col_w, top - len(rows) * row_h)
        self.y = top - len(rows) * row_h
