"""Legacy files read through LibreOffice (``ingest.convert``): Word 97 ``.doc`` and WPS
文字 ``.wps`` (the same binary format), RTF and ODT into DOCX; Excel 97 ``.xls`` and
WPS 表格 ``.et`` into XLSX. The converted file is parsed and redacted by the DOCX or
XLSX path; the original stays the record, and the published file is DOCX or XLSX (the
redaction log says which)."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from typing import ClassVar

from core.datamodel import Document, MediaType
from core.errors import CorruptDocument
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source


class Converted(Format):
    #: The extension LibreOffice is given (its type detection reads the content too).
    convert_from: ClassVar[str]
    #: ``docx`` or ``xlsx``: what it is converted into, parsed and published as.
    convert_to: ClassVar[str]

    def converted(self, data: bytes, limits: IngestLimits) -> bytes:
        from ingest.convert import convert
        from ingest.sniff import check_archive_bounds

        out = convert(data, self.convert_from, self.convert_to, timeout=limits.conversion_timeout)
        try:
            with zipfile.ZipFile(io.BytesIO(out)) as package:
                check_archive_bounds(package.infolist(), limits)
        except zipfile.BadZipFile as exc:
            raise CorruptDocument(f"the converted file is damaged: {exc}") from exc
        return out

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        converted = self.converted(source.data, limits)
        inner = dataclasses.replace(source, data=converted)
        if self.convert_to == "docx":
            from ingest.docx import DocxParser

            document = DocxParser().parse(inner)
        else:
            from ingest.xlsx import parse_xlsx

            document = parse_xlsx(inner, limits, self.media_type)
        note = (
            f"converted from {self.english} by LibreOffice; "
            f"the published file will be {self.convert_to.upper()}"
        )
        return dataclasses.replace(
            document,
            media_type=self.media_type,
            size=len(source.data),
            warnings=(*document.warnings, note),
        )


class _Word(Converted):
    convert_to = "docx"
    output_media_type = MediaType.DOCX
    output_extension = ".docx"
    redaction = "redact.writers.legacy:REDACTION"
    family = "word97"


class DocFormat(_Word):
    name = "doc"
    label = "Word 97–2003 文档（DOC）"
    english = "a Word 97-2003 document (.doc)"
    media_type = MediaType.DOC
    extensions: ClassVar[tuple[str, ...]] = (".doc",)
    convert_from = ".doc"

    def score(self, probe: Probe) -> float:
        return 0.9 if probe.ole_has_stream("WordDocument") else 0.0


class WpsFormat(_Word):
    """WPS 文字 files are Word 97 binaries inside; only the name tells them apart."""

    name = "wps"
    label = "WPS 文字文档（WPS）"
    english = "a WPS Writer document (.wps)"
    media_type = MediaType.WPS
    extensions: ClassVar[tuple[str, ...]] = (".wps",)
    convert_from = ".doc"

    def score(self, probe: Probe) -> float:
        return 0.95 if probe.suffix == ".wps" and probe.ole_has_stream("WordDocument") else 0.0


class RtfFormat(_Word):
    name = "rtf"
    family = "rtf"
    label = "RTF 文档"
    english = "an RTF document"
    media_type = MediaType.RTF
    extensions: ClassVar[tuple[str, ...]] = (".rtf",)
    convert_from = ".rtf"

    def score(self, probe: Probe) -> float:
        return 1.0 if probe.head.startswith(b"{\\rtf") else 0.0


class OdtFormat(_Word):
    name = "odt"
    family = "odt"
    label = "ODF 文本文档（ODT）"
    english = "an OpenDocument text (.odt)"
    media_type = MediaType.ODT
    extensions: ClassVar[tuple[str, ...]] = (".odt",)
    convert_from = ".odt"
    zip_based = True

    def score(self, probe: Probe) -> float:
        if not probe.is_zip or "mimetype" not in probe.zip_names:
            return 0.0
        mimetype = probe.zip_read("mimetype", 200).strip()
        return 1.0 if mimetype == b"application/vnd.oasis.opendocument.text" else 0.0


class _Sheet(Converted):
    convert_to = "xlsx"
    output_media_type = MediaType.XLSX
    output_extension = ".xlsx"
    redaction = "redact.writers.legacy:REDACTION"
    family = "excel97"


class XlsFormat(_Sheet):
    name = "xls"
    label = "Excel 97–2003 工作簿（XLS）"
    english = "an Excel 97-2003 workbook (.xls)"
    media_type = MediaType.XLS
    extensions: ClassVar[tuple[str, ...]] = (".xls",)
    convert_from = ".xls"

    def score(self, probe: Probe) -> float:
        return 0.9 if probe.ole_has_stream("Workbook") or probe.ole_has_stream("Book") else 0.0


class EtFormat(_Sheet):
    name = "et"
    label = "WPS 表格（ET）"
    english = "a WPS Spreadsheets workbook (.et)"
    media_type = MediaType.ET
    extensions: ClassVar[tuple[str, ...]] = (".et",)
    convert_from = ".xls"

    def score(self, probe: Probe) -> float:
        if probe.suffix != ".et":
            return 0.0
        return 0.95 if probe.ole_has_stream("Workbook") or probe.ole_has_stream("Book") else 0.0
