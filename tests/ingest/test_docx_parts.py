"""Text hides in many parts of a DOCX; ingest must see all of it, because redaction
must later remove it from all of them."""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml import parse_xml

from core.datamodel import BlockKind
from ingest import extract_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def _body_xml(fragment: str):
    return parse_xml(f"<w:p {NS}>{fragment}</w:p>")


def _append(document, fragment: str) -> None:
    body = document.element.body
    body.insert(len(body) - 1, _body_xml(fragment))  # before the section properties


def build_tricky_docx() -> bytes:
    document = docx.Document()
    document.core_properties.author = "王审核"
    document.add_paragraph("行政处罚决定书")
    # A field: the instruction is not text, the result is.
    _append(
        document,
        '<w:r><w:t xml:space="preserve">详见</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.gov.cn" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>门户网站</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    )
    # A tracked change: the deleted words are still in the file.
    _append(
        document,
        "<w:r><w:t>当事人：</w:t></w:r>"
        '<w:del w:id="1" w:author="李校对" w:date="2021-05-06T10:00:00Z">'
        "<w:r><w:delText>张三，身份证号110105199003071234</w:delText></w:r></w:del>"
        '<w:ins w:id="2" w:author="李校对" w:date="2021-05-06T10:00:00Z">'
        "<w:r><w:t>某某</w:t></w:r></w:ins>",
    )
    # A text box, written twice as Word does (DrawingML choice and VML fallback).
    box = "<w:txbxContent><w:p><w:r><w:t>联系电话：13907745678</w:t></w:r></w:p></w:txbxContent>"
    _append(
        document,
        "<w:r><w:t>见右侧</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>",
    )
    paragraph = document.add_paragraph("经查，当事人存在违法行为。")
    document.add_comment(paragraph.runs, text="核实当事人住址", author="赵审查", initials="ZS")
    document.sections[0].header.paragraphs[0].text = "贺州市人力资源和社会保障局"
    buffer = io.BytesIO()
    document.save(buffer)
    return _add_footnotes(buffer.getvalue(), ["当事人住址：贺州市八步区建设中路18号"])


def _add_footnotes(data: bytes, notes: list[str]) -> bytes:
    """python-docx cannot write footnotes; add the part, its relationship and type."""
    items = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, start=1)
    )
    part = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f"{items}</w:footnotes>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif name == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(name, content)
        target.writestr("word/footnotes.xml", part.encode())
    return out.getvalue()


def blocks(document, kind):
    return [document.text[b.start : b.end] for b in document.blocks_of(kind)]


def test_every_text_bearing_part_is_read():
    document = extract_bytes(build_tricky_docx(), filename="处罚决定.docx")
    assert blocks(document, BlockKind.PARAGRAPH) == [
        "行政处罚决定书",
        "详见门户网站",
        "当事人：某某",
        "见右侧",
        "经查，当事人存在违法行为。",
    ]
    # The text box once, not twice, right after its anchoring paragraph.
    assert blocks(document, BlockKind.TEXT_BOX) == ["联系电话：13907745678"]
    assert document.text.index("联系电话") > document.text.index("见右侧")
    assert blocks(document, BlockKind.HEADER) == ["贺州市人力资源和社会保障局"]
    assert blocks(document, BlockKind.FOOTNOTE) == ["当事人住址：贺州市八步区建设中路18号"]
    assert blocks(document, BlockKind.COMMENT) == ["核实当事人住址"]
    assert blocks(document, BlockKind.DELETED) == ["张三，身份证号110105199003071234"]
    assert "HYPERLINK" not in document.text
    assert any("tracked deletion" in w for w in document.warnings)


def test_authors_of_comments_and_revisions_are_metadata():
    metadata = extract_bytes(build_tricky_docx()).metadata
    assert metadata.author == "王审核"
    assert set(re.split("、", metadata.other["revision_and_comment_authors"])) == {
        "李校对",
        "赵审查",
    }


def test_block_locations_name_their_part():
    document = extract_bytes(build_tricky_docx())
    parts = {b.kind: b.location.part for b in document.blocks}
    assert parts[BlockKind.PARAGRAPH] == "/word/document.xml"
    assert parts[BlockKind.FOOTNOTE] == "/word/footnotes.xml"
    assert parts[BlockKind.COMMENT] == "/word/comments.xml"
    assert re.fullmatch(r"/word/header\d*\.xml", parts[BlockKind.HEADER])
