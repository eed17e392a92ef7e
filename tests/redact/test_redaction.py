"""True redaction: removed text is gone from every layer; everything else remains."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest

from cli.main import main
from core.datamodel import Category, MediaType, Redaction
from core.errors import GongkaiError
from ingest import extract_bytes
from redact import apply
from redact.errors import InvalidSpans, RedactionError
from redact.marks import MarkStyle
from redact.verify import verify
from redact.writers.pdf import Box, _overlay_marks
from tests.docgen import DocSpec, Line, drawable, libreoffice_pdf, render_docx, render_pdf
from tests.ingest.test_docx_parts import build_tricky_docx

ID = "440103198503021232"
CASE = DocSpec(
    name="case",
    header="经办人：王小明",
    author="赵审核",
    lines=(
        Line("mark", "贺州市人力资源和社会保障局"),
        Line("title", "关于陈建华劳动保障监察投诉处理情况的报告"),
        Line("addressee", "市人民政府："),
        Line(
            "body",
            "2021年5月，我局收到投诉人陈建华（公民身份号码"
            + ID
            + "，联系电话13907745678，住址贺州市八步区建设中路18号3栋201室）反映贺州市某建筑有限公司拖欠工资问题的投诉。"
            * 2,
        ),
        Line(
            "table",
            table=(
                ("姓名", "身份证号", "金额（元）"),
                ("陈建华", ID, "86000"),
                ("李四", "450102199001011234", "12000"),
            ),
        ),
        *[
            Line(
                "body",
                f"{n}．我局高度重视劳动保障监察工作，对照职责，切实抓好人力资源和社会保障领域各项工作，有效打通联系服务群众“最后一公里”问题，全年共办结投诉举报案件{n}86件。",
            )
            for n in range(1, 9)
        ],
        Line("body", "经调查核实，该公司已于2021年6月8日足额支付拖欠工资。特此报告。"),
        Line("signature", "贺州市人力资源和社会保障局"),
        Line("date", "2021年6月10日"),
    ),
)
SECRETS = ("陈建华", ID, "13907745678", "建设中路18号3栋201室", "王小明")


def spans_for(document, strings=SECRETS, category=Category.PERSON_NAME) -> list[Redaction]:
    """Every occurrence of each string, as a reviewer would confirm them."""
    out = []
    for s in strings:
        out += [
            Redaction(
                m.start(),
                m.end(),
                category,
                reviewer="李审核",
                confirmed_at="2026-11-20T10:00:00+08:00",
            )
            for m in re.finditer(re.escape(s), document.text)
        ]
    return out


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdftotext(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils not installed; .ci/run installs it"
)


@pytest.fixture(scope="module")
def case_pdf():
    data = render_pdf(CASE)
    return data, extract_bytes(data, filename="case.pdf")


@needs_poppler
def test_pdf_text_is_gone_and_the_rest_remains(case_pdf):
    data, document = case_pdf
    assert document.page_count >= 2  # multi-page, the long paragraph wraps over lines
    spans = spans_for(document)
    out = apply(document, spans, original=data)
    text = squash(pdftotext(out.data))
    for secret in SECRETS:
        assert secret not in text
    assert out.verification["ok"] and out.verification["tools"] == ["pdfplumber", "pdftotext"]
    assert out.verification["survived"] > 0.999
    # Untouched text extracts in reading order.
    assert "经调查核实，该公司已于2021年6月8日足额支付拖欠工资。特此报告。" in text
    assert "450102199001011234" in text  # not selected, so kept
    assert out.rasterised == ()
    assert text.count("【已删除·姓名】") >= len(spans) - 2  # marks, as far as they fit
    reparsed = extract_bytes(out.data)
    assert reparsed.page_count == document.page_count


def test_pdf_span_split_across_lines_and_in_a_table_cell(case_pdf):
    data, document = case_pdf
    # The long paragraph wraps: pick the span that crosses from one line to the next.
    start = document.text.index("联系电话13907745678")
    crossing = next(
        (m.start(), m.end())
        for m in re.finditer(re.escape(ID), document.text)
        if len({round(b.top) for b in document.boxes[m.start() : m.end()] if b}) > 1
    )
    cell = next(
        b
        for b in document.blocks
        if b.kind.value == "table_cell" and document.text[b.start : b.end] == ID
    )
    spans = [
        Redaction(*crossing, Category.ID_CARD),
        Redaction(cell.start, cell.end, Category.ID_CARD),
        Redaction(start + 4, start + 15, Category.MOBILE_PHONE),
    ]
    out = apply(document, spans, original=data)
    plumbed = squash(extract_bytes(out.data).text)
    assert plumbed.count(ID) == document.text.count(ID) - 2
    assert plumbed.count("13907745678") == document.text.count("13907745678") - 1


def test_pdf_metadata_annotations_and_history_are_scrubbed(case_pdf):
    data, document = case_pdf
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.Root.Metadata = pdf.make_stream(
            b"<x:xmpmeta><dc:creator>\xe8\xb5\xb5\xe5\xae\xa1\xe6\xa0\xb8</dc:creator></x:xmpmeta>"
        )
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pdf.make_indirect(
                        pikepdf.Dictionary(
                            Type=pikepdf.Name.Annot,
                            Subtype=pikepdf.Name.Text,
                            Rect=[100, 100, 120, 120],
                            Contents=pikepdf.String("核实陈建华的联系方式"),
                        )
                    )
                ]
            )
        )
        pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
        buffer = io.BytesIO()
        pdf.save(buffer)
    data = buffer.getvalue()
    document = extract_bytes(data)
    out = apply(document, spans_for(document, ("陈建华",)), original=data)
    with pikepdf.open(io.BytesIO(out.data)) as pdf:
        assert "/Metadata" not in pdf.Root
        assert dict(pdf.docinfo) == {"/Producer": "Gongkai"}
        assert len(pdf.pages[0].obj.get("/Annots", [])) == 0
        assert pdf.check_pdf_syntax() == []  # what qpdf --check reports
    assert out.data.count(b"%%EOF") == 1  # a fresh file, no incremental history
    assert any("annotation" in s for s in out.scrubbed)
    assert any("XMP" in s for s in out.scrubbed)


def test_a_cosmetic_redaction_is_caught_by_the_leak_check(case_pdf):
    """A black box over text that is still there is the famous failure: the check must fail."""
    data, document = case_pdf
    spans = spans_for(document, ("陈建华",))
    with pikepdf.open(io.BytesIO(data)) as pdf:
        boxes = {}
        for r in spans:
            for rect in document.boxes_for(r.span):
                h = document.page_sizes[rect.page - 1][1]
                boxes.setdefault(rect.page, []).append(
                    Box(rect.x0, h - rect.bottom, rect.x1, h - rect.top, r.category)
                )
        _overlay_marks(pdf, boxes, MarkStyle())
        buffer = io.BytesIO()
        pdf.save(buffer)
    report = verify(document, spans, buffer.getvalue())
    assert not report.ok
    assert {leak.tool for leak in report.leaks} >= {"pdfplumber"}


def _form_pdf(times: int) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=(595, 842))
    sheet.beginForm("stamp")
    sheet.setFont("STSong-Light", 14)
    sheet.drawString(72, 700, "申请人陈建华的材料已收到")
    sheet.endForm()
    for n in range(times):
        sheet.saveState()
        sheet.translate(0, -100 * n)
        sheet.doForm("stamp")
        sheet.restoreState()
    sheet.setFont("STSong-Light", 14)
    sheet.drawString(72, 300, "本页其余内容照常公开")
    sheet.showPage()
    sheet.doForm("stamp")  # page 2 draws the same form: it must keep its own copy
    sheet.save()
    return buffer.getvalue()


def test_text_inside_a_form_xobject_is_removed():
    data = _form_pdf(1)
    document = extract_bytes(data)
    first_page = [r for r in spans_for(document, ("陈建华",)) if document.boxes[r.start].page == 1]
    out = apply(document, first_page, original=data)
    assert out.rasterised == ()
    text = squash(verify_text(out.data))
    assert "申请人" in text and "的材料已收到" in text and "本页其余内容照常公开" in text
    assert squash(extract_bytes(out.data).text).count("陈建华") == 1  # page 2 keeps its form
    assert out.verification["ok"]


def test_a_form_drawn_twice_on_a_page_is_rasterised():
    data = _form_pdf(2)
    document = extract_bytes(data)
    spans = [r for r in spans_for(document, ("陈建华",)) if document.boxes[r.start].page == 1]
    out = apply(document, spans, original=data)
    assert out.rasterised == ((1, "a form XObject drawn more than once"),)
    assert out.verification["ok"]
    with pikepdf.open(io.BytesIO(out.data)) as pdf:
        assert "/Font" not in pdf.pages[0].obj.Resources  # a picture, and the labels' overlay


def verify_text(data: bytes) -> str:
    from redact.verify import extract_all

    texts, _ = extract_all(MediaType.PDF, data)
    return "".join(texts.values())


def test_libreoffice_pdf(tmp_path: Path):
    data = libreoffice_pdf(render_docx(CASE), tmp_path)
    document = extract_bytes(data)
    out = apply(document, spans_for(document), original=data)
    assert out.verification["ok"] and out.verification["survived"] > 0.99
    text = squash(extract_bytes(out.data).text)
    assert all(s not in text for s in SECRETS)
    assert "经调查核实" in text


def test_docx_every_part_is_redacted():
    data = build_tricky_docx()
    document = extract_bytes(data)
    strings = (
        "张三",
        "110105199003071234",
        "13907745678",
        "建设中路18号",
        "核实当事人住址",
        "当事人",
    )
    spans = spans_for(document, strings)
    out = apply(document, spans, original=data)
    assert out.verification["ok"]
    with zipfile.ZipFile(io.BytesIO(out.data)) as archive:
        everything = "".join(
            archive.read(n).decode("utf-8", errors="ignore") for n in archive.namelist()
        )
    for s in (*strings, "王审核", "李校对", "赵审查"):
        assert s not in everything, s
    assert "<w:del " not in everything and "<w:ins " not in everything
    reparsed = extract_bytes(out.data)
    assert "门户网站" in reparsed.text and "经查" in reparsed.text
    assert reparsed.metadata.author is None
    assert any("tracked change" in s for s in out.scrubbed)


def test_docx_span_across_runs_keeps_formatting_of_the_rest():
    spec = CASE
    data = render_docx(spec)  # runs are cut every 7 characters: the ID crosses runs
    document = extract_bytes(data)
    out = apply(document, spans_for(document, (ID, "陈建华")), original=data)
    reparsed = extract_bytes(out.data)
    assert ID not in reparsed.text and "陈建华" not in reparsed.text
    assert "【已删除·姓名】" in reparsed.text
    import docx

    before = docx.Document(io.BytesIO(data))
    after = docx.Document(io.BytesIO(out.data))
    sizes = lambda d: [r.font.size for p in d.paragraphs for r in p.runs if r.text]  # noqa: E731
    assert set(sizes(after)) == set(sizes(before))  # 16 pt body, 22 pt title, as before
    assert after.sections[0].header.paragraphs[0].text == "经办人：王小明"  # not selected


def test_text_file_keeps_its_encoding():
    text = "投诉人陈建华，手机13907745678。\n其余内容照常公开。\n"
    data = text.encode("gbk")
    document = extract_bytes(data)
    out = apply(document, spans_for(document, ("陈建华", "13907745678")), original=data)
    assert out.media_type == MediaType.TEXT
    assert (
        out.data.decode("gbk")
        == "投诉人【已删除·姓名】，手机【已删除·姓名】。\n其余内容照常公开。\n"
    )
    assert [e.location for e in out.entries] == ["line 1", "line 1"]


def test_bad_requests_are_refused():
    data = "投诉人陈建华。".encode()
    document = extract_bytes(data)
    with pytest.raises(InvalidSpans):
        apply(document, [Redaction(3, 99, Category.PERSON_NAME)], original=data)
    with pytest.raises(RedactionError, match="not the file"):
        apply(document, [Redaction(3, 6, Category.PERSON_NAME)], original=data + b" ")


def test_redact_and_verify_commands(tmp_path, case_pdf):
    data, document = case_pdf
    source = tmp_path / "case.pdf"
    source.write_bytes(data)
    spans = tmp_path / "spans.json"
    spans.write_text(
        json.dumps(
            [
                {
                    "start": r.start,
                    "end": r.end,
                    "category": r.category.value,
                    "reviewer": r.reviewer,
                    "confirmed_at": r.confirmed_at,
                }
                for r in spans_for(document)
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "case.redacted.pdf"
    assert main(["redact", str(source), "--out", str(out), "--spans", str(spans)]) == 0
    log = json.loads((tmp_path / "case.redacted.pdf.log.json").read_text(encoding="utf-8"))
    assert log["output"]["sha256"] and len(log["redactions"]) == len(spans_for(document))
    assert log["redactions"][0]["reviewer"] == "李审核" and log["redactions"][0]["page"] == 1
    logs = (tmp_path / "case.redacted.pdf.log.json").read_text(encoding="utf-8") + (
        tmp_path / "case.redacted.pdf.log.html"
    ).read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in logs  # the log never holds the removed text
    assert main(["verify-redaction", str(source), str(out), "--spans", str(spans)]) == 0
    # The original itself is a leak: the check says so with exit code 1.
    assert main(["verify-redaction", str(source), str(source), "--spans", str(spans)]) == 1


def test_invalid_spans_file_is_a_clear_error(tmp_path, case_pdf, capsys):
    data, _ = case_pdf
    source = tmp_path / "case.pdf"
    source.write_bytes(data)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"start": "x"}]', encoding="utf-8")
    assert main(["redact", str(source), "--out", str(tmp_path / "o.pdf"), "--spans", str(bad)]) == 2
    assert "invalid_spans" in capsys.readouterr().err
    assert not (tmp_path / "o.pdf").exists()
    assert issubclass(InvalidSpans, GongkaiError)


def test_drawable_is_all_the_pdf_shows():
    assert drawable("a•b") == "ab"
