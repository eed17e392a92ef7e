"""Spreadsheets (.xlsx, .csv, and .xls/.et converted): every cell a block, and the
column-header rule.

公示 and subsidy lists are where ID numbers leak most: a column headed 身份证号 holds
ID numbers in every row, even a mistyped one that fails its check digit, and a column
headed 姓名 holds private persons' names that the NER alone might not all find. The
header's meaning goes onto each cell below it as ``Block.holds``; detection reads that
attribute without knowing anything about spreadsheets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.datamodel import BlockKind, Category, Location
from ingest.builder import TextBuilder

#: Header wording → what the column holds. Matched on the header with spaces, brackets
#: and a trailing colon removed; the longest matching wording wins.
COLUMN_HEADERS: dict[str, Category] = {
    "身份证号": Category.ID_CARD,
    "身份证号码": Category.ID_CARD,
    "身份证": Category.ID_CARD,
    "公民身份号码": Category.ID_CARD,
    "居民身份证号码": Category.ID_CARD,
    "证件号码": Category.ID_CARD,
    "联系电话": Category.MOBILE_PHONE,
    "电话": Category.MOBILE_PHONE,
    "电话号码": Category.MOBILE_PHONE,
    "手机": Category.MOBILE_PHONE,
    "手机号": Category.MOBILE_PHONE,
    "手机号码": Category.MOBILE_PHONE,
    "联系方式": Category.MOBILE_PHONE,
    "住址": Category.ADDRESS,
    "家庭住址": Category.ADDRESS,
    "家庭地址": Category.ADDRESS,
    "现住址": Category.ADDRESS,
    "居住地址": Category.ADDRESS,
    "户籍地址": Category.ADDRESS,
    "通讯地址": Category.ADDRESS,
    "联系地址": Category.ADDRESS,
    "地址": Category.ADDRESS,
    "银行账号": Category.BANK_CARD,
    "银行卡号": Category.BANK_CARD,
    "银行帐号": Category.BANK_CARD,
    "账号": Category.BANK_CARD,
    "卡号": Category.BANK_CARD,
    "社会保障卡号": Category.SOCIAL_SECURITY_CARD,
    "社保卡号": Category.SOCIAL_SECURITY_CARD,
    "姓名": Category.PERSON_NAME,
    "户主姓名": Category.PERSON_NAME,
    "申请人": Category.PERSON_NAME,
    "申请人姓名": Category.PERSON_NAME,
    "领取人": Category.PERSON_NAME,
    "收款人": Category.PERSON_NAME,
    "出生日期": Category.BIRTH_DATE,
    "出生年月": Category.BIRTH_DATE,
    "护照号码": Category.PASSPORT,
    "车牌号": Category.LICENSE_PLATE,
    "车牌号码": Category.LICENSE_PLATE,
}
#: A header row is looked for in the first rows only (a title row often comes first).
HEADER_ROWS = 10
_NOISE = re.compile(r"[\s\u3000()（）\[\]【】:：*＊]")


def header_category(text: str) -> Category | None:
    return COLUMN_HEADERS.get(_NOISE.sub("", text))


@dataclass(frozen=True)
class CellText:
    """One cell as a reader found it: sheet, 0-based row and column, its text, and the
    package part it sits in (XLSX) — or a comment on it."""

    sheet: str
    row: int
    col: int
    text: str
    part: str | None = None
    comment: bool = False
    index: int | None = None


def build_cells(builder: TextBuilder, cells: Iterable[CellText]) -> None:
    """Add cells to the document in reading order, each cell below a recognised header
    marked with what its column holds."""
    headers: dict[tuple[str, int], tuple[int, Category]] = {}
    for cell in cells:
        if cell.comment:
            location = Location(
                part=cell.part, sheet=cell.sheet, row=cell.row, col=cell.col, index=cell.index
            )
            builder.add(BlockKind.COMMENT, cell.text, location)
            continue
        key = (cell.sheet, cell.col)
        holds = None
        known = headers.get(key)
        if known is not None and cell.row > known[0]:
            holds = known[1].value
        elif cell.row < HEADER_ROWS and (category := header_category(cell.text)) is not None:
            headers[key] = (cell.row, category)
        location = Location(part=cell.part, sheet=cell.sheet, row=cell.row, col=cell.col)
        builder.add(BlockKind.CELL, cell.text, location, holds=holds)
