"""Fifty-odd kinds of bad file, made in code: truncated, encrypted, bombs, disguised,
deep, giant, hostile names and texts — what an upload form and a back catalogue meet.

Each is ``(kind, file name, bytes)``. What should happen is the same for all: a typed
refusal or a typed failure (or, for the merely odd, a processed document), never a 5xx,
a crash, a stuck document or a lost file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from tests.docgen import NOTICE, render_docx, render_pdf
from tests.formats.badfiles import encrypted_office, png_claiming

_DOCX = render_docx(NOTICE)
_PDF = render_pdf(NOTICE)


def _zip(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return out.getvalue()


def _docx_with(replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    with zipfile.ZipFile(io.BytesIO(_DOCX)) as source:
        members = {n: source.read(n) for n in source.namelist() if n not in drop}
    members.update(replace or {})
    return _zip(members)


def _document_xml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def _laughs() -> bytes:
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()


def _pdf_giant_page() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 20000 20000]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _pdf_with(extra: bytes) -> bytes:
    return _PDF.replace(b"%%EOF", extra + b"\n%%EOF", 1)


def _encrypted_pdf() -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(_PDF)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="u"))
    return out.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["张三", "11010519491231002X"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def corpus() -> Iterator[tuple[str, str, bytes]]:
    text = "关于做好养老保险待遇调整工作的通知\n各县（区）人社局：\n现将有关事项通知如下。\n"
    yield "empty", "empty.txt", b""
    yield "one byte", "one.txt", b"x"
    yield "whitespace only", "blank.txt", b" \n\t\n   \n"
    yield "random bytes", "random.bin", bytes(range(256)) * 64
    yield "random bytes named .pdf", "fake.pdf", bytes(range(256)) * 64
    yield "NUL bytes in text", "nul.txt", text.encode() + b"\x00\x00\x00" + text.encode()
    yield "invalid UTF-8", "bad-utf8.txt", text.encode() + b"\xff\xfe\xfa" + text.encode()
    yield "GB18030 text", "gb.txt", text.encode("gb18030")
    yield "UTF-16 with BOM", "u16.txt", text.encode("utf-16")
    yield "one line of 1.5 MB", "long.txt", ("当事人张三，联系电话13907745678。" * 60_000).encode()
    yield "control characters", "ctrl.txt", text.encode() + bytes(range(1, 32))
    yield (
        "RTL override and zero-width in text",
        "bidi.txt",
        f"\u202e张三\u200b\u2066{text}".encode(),
    )
    yield "hostile name: path", "../../etc/passwd.txt", text.encode()
    yield "hostile name: RTL override", "\u202etxt.exe.txt", text.encode()
    yield "hostile name: zero-width", "通\u200b知\ufeff.txt", text.encode()
    yield "hostile name: formula", "=cmd|'/c calc'!A1.txt", text.encode()
    yield "hostile name: very long", ("长" * 400) + ".txt", text.encode()
    yield "hostile name: script", "<script>alert(1)</script>.txt", text.encode()
    yield "HTML", "page.html", b"<html><body><script>alert(1)</script></body></html>"
    yield "Windows executable", "run.pdf", b"MZ\x90\x00" + b"\x00" * 2000
    yield "gzip", "a.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 100
    yield "PNG named .docx", "pic.docx", png_claiming(10, 10)
    yield "PNG claiming 100000x100000", "huge.png", png_claiming(100_000, 100_000)
    yield "truncated JPEG", "cut.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50
    yield "truncated TIFF", "cut.tif", b"II*\x00\x08\x00\x00\x00" + b"\x00" * 20
    yield "PDF header only", "head.pdf", b"%PDF-1.7\n"
    yield "truncated PDF", "half.pdf", _PDF[: len(_PDF) // 2]
    yield "PDF with a garbage xref", "xref.pdf", _PDF.replace(b"xref", b"xqzf")
    yield "encrypted PDF", "locked.pdf", _encrypted_pdf()
    yield "PDF with a 20000 pt page", "giant.pdf", _pdf_giant_page()
    yield (
        "PDF with JavaScript",
        "js.pdf",
        _pdf_with(b"9 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj"),
    )
    yield "PDF with trailing junk", "junk.pdf", _PDF + b"\x00" * 10_000
    yield "truncated DOCX", "half.docx", _DOCX[: len(_DOCX) // 2]
    yield "DOCX without its document part", "nobody.docx", _docx_with(drop=("word/document.xml",))
    yield "DOCX with billion laughs", "laughs.docx", _docx_with({"word/document.xml": _laughs()})
    yield (
        "DOCX with an external entity",
        "xxe.docx",
        _docx_with(
            {
                "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
                b'"file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
                b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
                b"</w:body></w:document>"
            }
        ),
    )
    yield (
        "DOCX nested 5000 deep",
        "deep.docx",
        _docx_with({"word/document.xml": _document_xml("<w:sdt>" * 5000 + "</w:sdt>" * 5000)}),
    )
    yield (
        "DOCX with 20000 runs",
        "runs.docx",
        _docx_with(
            {
                "word/document.xml": _document_xml(
                    "<w:p>" + "<w:r><w:t>张</w:t></w:r>" * 20000 + "</w:p>"
                )
            }
        ),
    )
    yield (
        "DOCX that is not XML",
        "notxml.docx",
        _docx_with({"word/document.xml": b"\x00\x01garbage"}),
    )
    yield (
        "zip bomb named .docx",
        "bomb.docx",
        _docx_with({"word/media/pad.bin": b"\0" * (300 * 1024 * 1024)}),
    )
    yield (
        "macro-enabled DOCX",
        "macro.docx",
        _docx_with({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}),
    )
    yield "encrypted Office file", "locked.docx", encrypted_office()
    yield "a zip of nothing", "empty.zip", _zip({})
    yield "zip with path escapes", "escape.zip", _zip({"../../evil.txt": text.encode()})
    yield "zip with 3000 members", "many.zip", _zip({f"f{i}.txt": b"x" for i in range(3000)})
    yield "truncated XLSX", "half.xlsx", _xlsx()[:400]
    yield (
        "CSV with formulas",
        "formula.csv",
        "姓名,备注\n张三,=cmd|'/c calc'!A1\n李四,@SUM(1+1)\n".encode(),
    )
    yield "CSV with one 2 MB line", "wide.csv", ("a," * 1_000_000).encode()
    yield (
        "OLE file that is no .doc",
        "junk.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 3000,
    )
    yield "RTF that is no RTF", "junk.rtf", b"{\\rtf1" + b"\\" * 5000
    yield "OFD that is no OFD", "junk.ofd", _zip({"OFD.xml": b"<not-ofd/>"})
