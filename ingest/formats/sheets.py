"""Spreadsheets: XLSX read and redacted in the package itself; CSV as text with cells."""

from __future__ import annotations

from typing import ClassVar

from core.datamodel import Document, MediaType
from core.errors import MacroEnabledDocument
from ingest.formats import Format, Probe
from ingest.limits import IngestLimits
from ingest.source import Source


class XlsxFormat(Format):
    name = "xlsx"
    label = "Excel 工作簿（XLSX）"
    english = "an Excel workbook (XLSX)"
    media_type = MediaType.XLSX
    extensions: ClassVar[tuple[str, ...]] = (".xlsx",)
    version = "1"
    output_media_type = MediaType.XLSX
    output_extension = ".xlsx"
    redaction = "redact.writers.xlsx:REDACTION"
    zip_based = True

    def score(self, probe: Probe) -> float:
        if not probe.is_zip or not any(n.startswith("xl/") for n in probe.zip_names):
            return 0.0
        if "xl/vbaProject.bin" in probe.zip_names or b"macroEnabled" in probe.zip_read(
            "[Content_Types].xml"
        ):
            raise MacroEnabledDocument(
                "工作簿含有宏（XLSM），请另存为不含宏的 XLSX"
                "（the workbook contains macros (XLSM); save it as a macro-free XLSX）"
            )
        return 1.0

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        from ingest.xlsx import parse_xlsx

        return parse_xlsx(source, limits, self.media_type)


class CsvFormat(Format):
    """CSV is text; only its name tells it from a text file, so the name decides here
    (among text formats: a CSV named .txt is read as text, and neither is "disguised")."""

    name = "csv"
    family = "text"
    label = "CSV 表格"
    english = "CSV"
    media_type = MediaType.CSV
    extensions: ClassVar[tuple[str, ...]] = (".csv",)
    version = "1"
    output_media_type = MediaType.CSV
    output_extension = ".csv"
    redaction = "redact.writers.text:REDACTION"

    def score(self, probe: Probe) -> float:
        utf16 = probe.head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if probe.suffix != ".csv" or (b"\x00" in probe.head and not utf16):
            return 0.0
        return 0.5

    def parse(self, source: Source, limits: IngestLimits) -> Document:
        from ingest.csvtext import parse_csv

        return parse_csv(source, limits)
