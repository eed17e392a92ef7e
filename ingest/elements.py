"""Recognise the official-document elements of GB/T 9704-2012 in a parsed document.

GB/T 9704 fixes the order of a 公文: the 版头 (份号, 密级和保密期限, 紧急程度,
发文机关标志, 发文字号, 签发人) comes first; then 标题, 主送机关, 正文, 附件说明,
发文机关署名, 成文日期, 附注; last the 版记 (抄送机关, 印发机关和印发日期). Each
recogniser below looks for one group where the standard puts it and matches whole
blocks (lines), so a 发文字号 cited inside the body is not taken for the document's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.datamodel import Block, BlockKind, DisclosureAttribute, Element, ElementName
from ingest.dates import DATE_PATTERN, DATE_RE, normalise_date
from ingest.secrecy import SecrecyMarking, most_severe, read_line

#: How many body blocks from the top the 版头 may occupy.
HEAD_BLOCKS = 14
#: How many lines a centred title may wrap over.
TITLE_LINES = 4
#: How many body blocks from the end the 附注 and 版记 may occupy.
TAIL_BLOCKS = 16

_BRACKETS_OPEN = "〔[［(（【"
_BRACKETS_CLOSE = "〕]］)）】"
DOC_NUMBER_RE = re.compile(
    rf"(?P<org>[\u4e00-\u9fff]{{1,16}})\s*[{re.escape(_BRACKETS_OPEN)}]\s*"
    rf"(?P<year>(?:19|20)\d{{2}})\s*[{re.escape(_BRACKETS_CLOSE)}]\s*(?P<seq>\d{{1,5}})\s*号"
)
_COPY_NUMBER = re.compile(r"(?:份号[:：]?\s*)?(?P<v>\d{6})")
_URGENCY = re.compile(r"(?:紧急程度[:：]?\s*)?(?P<v>特急|加急|特提|平急)")
_SIGNER = re.compile(
    r"签\s*发\s*人\s*[:：]\s*(?P<v>[\u4e00-\u9fff·]{2,5}(?:[\s、，,]+[\u4e00-\u9fff·]{2,5})*)"
)
_ORG_SUFFIX = re.compile(
    r"(?:文件|人民政府|政府|办公室|办公厅|委员会|局|厅|部|委|办|院|署|中心|公司)$"
)
_DOC_TYPES = (
    "实施意见|指导意见|实施细则|实施方案|工作要点|通知|通报|请示|报告|决定|意见|复函|函|纪要|办法|规定|"
    "批复|公告|通告|方案|规划|细则|决议|命令|议案|公报|规则|规范|计划|要点|总结|汇报|答复|章程|"
    "条例|标准|清单|目录|指南|制度|预案|说明|公示"
)
_ENDS_WITH_TYPE = re.compile(rf"(?:{_DOC_TYPES})[”\"》）)]*$")
_ATTACHMENTS = re.compile(r"附\s*件\s*[:：]\s*(?P<v>.+)")
_ATTACHMENT_ITEM = re.compile(r"\d{1,2}\s*[.．、]")
_CC = re.compile(r"抄\s*送\s*[:：]\s*(?P<v>.+?)[。.]?")
_PRINTED = re.compile(rf"(?P<org>\S.*?)\s+(?P<date>{DATE_PATTERN})\s*印\s*发")
_NOTE = re.compile(r"[（(](?P<v>.+)[）)]")
_MARKING = re.compile(r"此件(?P<v>公开发布|主动公开|依申请公开|不予公开|不公开)")
_MARKING_FIELD = re.compile(
    r"(?:公开方式|公开属性|信息公开选项|信息公开属性|公开类型)\s*[:：]\s*(?P<v>主动公开|依申请公开|不予公开|不公开|免予公开)"
)
_MARKING_VALUES = {
    "公开发布": DisclosureAttribute.PROACTIVE,
    "主动公开": DisclosureAttribute.PROACTIVE,
    "依申请公开": DisclosureAttribute.ON_APPLICATION,
    "不予公开": DisclosureAttribute.WITHHELD,
    "不公开": DisclosureAttribute.WITHHELD,
    "免予公开": DisclosureAttribute.WITHHELD,
}
_BODY_KINDS = {BlockKind.PARAGRAPH, BlockKind.TABLE_CELL, BlockKind.TEXT_BOX}
#: Where a bare 密级 (机密, 【秘密】) counts as a marking, besides the 版头.
_MARGIN_KINDS = {BlockKind.HEADER, BlockKind.FOOTER}


@dataclass
class _Context:
    text: str
    body: list[Block]
    headers: list[Block]
    found: list[Element] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # indexes into body already claimed
    #: The text with the 密级 markings blanked out, for the recognisers of what shares
    #: a line with them (份号, 紧急程度, 发文字号).
    unmarked: str = ""

    def line(self, index: int) -> str:
        block = self.body[index]
        return self.text[block.start : block.end]

    def unmarked_line(self, block: Block) -> str:
        return (self.unmarked or self.text)[block.start : block.end]

    def add_group(
        self, name, index: int, match: re.Match[str], group: str, value: str, offset: int
    ) -> Element:
        """An element over ``group`` of a match made on body line ``index`` from ``offset``."""
        return self.add(
            name, self.body[index], offset + match.start(group), offset + match.end(group), value
        )

    def add(self, name, block: Block, start: int, end: int, value: str, **details) -> Element:
        """An element over ``block``'s text[start:end] (block-relative), trimmed."""
        raw = self.text[block.start + start : block.start + end]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        element = Element(
            name,
            block.start + start + lead,
            block.start + end - trail,
            value,
            {k: v for k, v in details.items() if v},
        )
        self.found.append(element)
        return element


def recognise_elements(text: str, blocks: Sequence[Block]) -> tuple[Element, ...]:
    ctx = _Context(
        text=text,
        body=[b for b in blocks if b.kind in _BODY_KINDS],
        headers=[b for b in blocks if b.kind == BlockKind.HEADER],
    )
    if not ctx.body:
        return ()
    _secrecy(ctx, blocks)
    _head_markings(ctx)
    number_index = _doc_number(ctx)
    _issuer_mark(ctx, number_index)
    title_end = _title(ctx, number_index)
    _addressee(ctx, title_end)
    date_index = _date_and_signature(ctx, title_end)
    _attachments(ctx, title_end)
    _imprint(ctx)
    _note_and_marking(ctx, date_index)
    return tuple(sorted(ctx.found, key=lambda e: (e.start, e.name.value)))


_SPACE = re.compile(r"\s*")


def _scan_markings(line: str, rules) -> list[tuple[int, int, ElementName, re.Match[str]]] | None:
    """Read a line that holds only head markings (e.g. "000007　机密★5年　加急").

    Returns None when anything else is on the line: then it is not a marking line.
    """
    found = []
    pos = _SPACE.match(line).end()
    while pos < len(line):
        hit = None
        for name, rx in rules:
            match = rx.match(line, pos)
            if match and (match.end() == len(line) or line[match.end()].isspace()):
                hit = (match.start(), match.end(), name, match)
                break
        if hit is None:
            return None
        found.append(hit)
        pos = _SPACE.match(line, hit[1]).end()
    return found


def _secrecy(ctx: _Context, blocks: Sequence[Block]) -> None:
    """密级和保密期限, read from every block: a bare level counts in the 版头, headers
    and footers; a starred one (秘密★1年) anywhere (see ``ingest.secrecy``)."""
    head = ctx.body[:HEAD_BLOCKS]
    margins = [b for b in blocks if b.kind in _MARGIN_KINDS]
    rest = [b for b in blocks if b.kind not in _MARGIN_KINDS and not any(b is h for h in head)]
    markings: list[SecrecyMarking] = []
    # In this order, so that of equal markings the 版头's speaks for the document.
    for group, in_head in ((head, True), (margins, True), (rest, False)):
        for block in group:
            text = ctx.text[block.start : block.end]
            markings += read_line(text, block.start, in_head=in_head)
    marking = most_severe(markings)
    if marking is None:
        return
    chars = list(ctx.text)
    for m in markings:
        chars[m.start : m.end] = " " * (m.end - m.start)
    ctx.unmarked = "".join(chars)
    owner = next(b for b in blocks if b.start <= marking.start < max(b.end, b.start + 1))
    ctx.add(
        ElementName.SECRECY,
        owner,
        marking.start - owner.start,
        marking.end - owner.start,
        marking.value,
        level=marking.level,
        period=marking.period,
        unclear=marking.unclear,
    )
    for index, block in enumerate(ctx.body[:HEAD_BLOCKS]):
        if ctx.text[block.start : block.end].strip() and not ctx.unmarked_line(block).strip():
            ctx.used.add(index)  # a line that held only the marking


def _head_markings(ctx: _Context) -> None:
    """份号 and 紧急程度: short lines at the top, or in a page header (with the 密级
    marking, already read, blanked out of them)."""
    rules = (
        (ElementName.COPY_NUMBER, _COPY_NUMBER),
        (ElementName.URGENCY, _URGENCY),
    )
    candidates = [(i, b) for i, b in enumerate(ctx.body[:HEAD_BLOCKS])]
    candidates += [(None, b) for b in ctx.headers]
    seen: set[ElementName] = set()
    for index, block in candidates:
        matches = _scan_markings(ctx.unmarked_line(block), rules)
        if not matches:
            continue
        for start, end, name, match in matches:
            if name in seen:
                continue
            ctx.add(name, block, start, end, match.group("v"))
            seen.add(name)
        if index is not None:
            ctx.used.add(index)


def _doc_number(ctx: _Context) -> int | None:
    for index in range(min(HEAD_BLOCKS, len(ctx.body))):
        line = ctx.unmarked_line(ctx.body[index])
        stripped = line.lstrip()
        match = DOC_NUMBER_RE.match(stripped)
        signer = _SIGNER.search(line)
        if match is None and signer is None:
            continue
        block = ctx.body[index]
        if match is not None:
            offset = len(line) - len(stripped)
            org, year, seq = match.group("org", "year", "seq")
            ctx.add(
                ElementName.DOC_NUMBER,
                block,
                offset + match.start(),
                offset + match.end(),
                f"{org}〔{year}〕{int(seq)}号",
                issuer_code=org,
                year=year,
                sequence=str(int(seq)),
            )
        if signer is not None:
            names = re.split(r"[\s、，,]+", signer.group("v").strip())
            ctx.add(ElementName.SIGNER, block, signer.start("v"), signer.end("v"), "、".join(names))
        ctx.used.add(index)
        if match is not None:
            return index
    return None


def _issuer_mark(ctx: _Context, number_index: int | None) -> None:
    """发文机关标志: the org-name lines above the 发文字号 (or a "…文件" line on top)."""
    limit = number_index if number_index is not None else min(5, len(ctx.body))
    marks = []
    for index in range(limit):
        if index in ctx.used:
            continue
        line = ctx.line(index).strip()
        if number_index is not None:
            is_mark = bool(_ORG_SUFFIX.search(line))
        else:
            # Without a 发文字号 only a "…文件" line, or an agency name directly above a
            # "关于…" title (letter style: 公示, 函), is the issuer's mark.
            following = ctx.line(index + 1).strip() if index + 1 < len(ctx.body) else ""
            is_mark = line.endswith("文件") or (
                bool(_ORG_SUFFIX.search(line)) and following.startswith("关于")
            )
        if is_mark and len(line) <= 60 and "。" not in line and "，" not in line:
            marks.append(index)
    if not marks:
        return
    first, last = ctx.body[marks[0]], ctx.body[marks[-1]]
    value = "".join(re.sub(r"\s+", "", ctx.line(i)) for i in marks)
    element_block = Block(first.kind, first.start, last.end, first.location)
    ctx.add(ElementName.ISSUER_MARK, element_block, 0, last.end - first.start, value)
    ctx.used.update(marks)


def _title(ctx: _Context, number_index: int | None) -> int | None:
    """标题: the first free line after the 版头; centred titles wrap onto several lines."""
    start = 0 if number_index is None else number_index + 1
    while start < len(ctx.body) and start in ctx.used:
        start += 1
    if start >= len(ctx.body) or start > HEAD_BLOCKS:
        return None
    first_line = ctx.line(start).strip()
    if len(first_line) > 80 or first_line.endswith(("。", "；", "：", ":")):
        return None
    end = start
    joined = first_line
    if not _ENDS_WITH_TYPE.search(joined):
        # Take following short lines only if they complete the title (…的通知).
        candidate = joined
        for nxt_index in range(start + 1, min(start + TITLE_LINES, len(ctx.body))):
            nxt = ctx.line(nxt_index).strip()
            if not nxt or len(nxt) > 40 or nxt.endswith(("：", ":", "。")):
                break
            candidate += nxt
            if _ENDS_WITH_TYPE.search(candidate):
                end, joined = nxt_index, candidate
                break
    first, last = ctx.body[start], ctx.body[end]
    block = Block(first.kind, first.start, last.end, first.location)
    ctx.add(ElementName.TITLE, block, 0, last.end - first.start, re.sub(r"\s+", "", joined))
    ctx.used.update(range(start, end + 1))
    return end


def _addressee(ctx: _Context, title_end: int | None) -> None:
    if title_end is None or title_end + 1 >= len(ctx.body):
        return
    index = title_end + 1
    line = ctx.line(index)
    stripped = line.strip()
    if stripped.endswith(("：", ":")) and len(stripped) <= 120 and "。" not in stripped:
        ctx.add(
            ElementName.ADDRESSEE, ctx.body[index], 0, len(line.rstrip()) - 1, stripped[:-1].strip()
        )
        ctx.used.add(index)


def _date_and_signature(ctx: _Context, title_end: int | None) -> int | None:
    """成文日期: the last line that is only a date; 发文机关署名: the line above it."""
    floor = (title_end or 0) + 1
    for index in range(len(ctx.body) - 1, floor - 1, -1):
        line = ctx.line(index)
        match = DATE_RE.fullmatch(line.strip())
        if match is None:
            continue
        iso = normalise_date(match.group())
        if iso is None:
            continue
        offset = len(line) - len(line.lstrip())
        ctx.add(ElementName.DATE, ctx.body[index], offset, offset + len(match.group()), iso)
        ctx.used.add(index)
        above = index - 1
        if above >= floor and above not in ctx.used:
            sign = ctx.line(above).strip()
            if 2 <= len(sign) <= 60 and not re.search(r"[。；：:，,]$|[。，]", sign):
                ctx.add(
                    ElementName.ISSUER_SIGNATURE,
                    ctx.body[above],
                    0,
                    len(ctx.line(above)),
                    re.sub(r"\s+", " ", sign),
                )
                ctx.used.add(above)
        return index
    return None


def _attachments(ctx: _Context, title_end: int | None) -> None:
    floor = (title_end or 0) + 1
    for index in range(floor, len(ctx.body)):
        line = ctx.line(index)
        match = _ATTACHMENTS.match(line.strip())
        if match is None:
            continue
        end = index
        while end + 1 < len(ctx.body) and _ATTACHMENT_ITEM.match(ctx.line(end + 1).strip()):
            end += 1
        items = [match.group("v").strip()] + [
            ctx.line(i).strip() for i in range(index + 1, end + 1)
        ]
        first, last = ctx.body[index], ctx.body[end]
        block = Block(first.kind, first.start, last.end, first.location)
        ctx.add(ElementName.ATTACHMENTS, block, 0, last.end - first.start, "；".join(items))
        ctx.used.update(range(index, end + 1))
        return


def _imprint(ctx: _Context) -> None:
    """版记: 抄送机关 and 印发机关和印发日期, at the very end."""
    for index in range(max(0, len(ctx.body) - TAIL_BLOCKS), len(ctx.body)):
        line = ctx.line(index)
        stripped = line.strip()
        offset = len(line) - len(line.lstrip())
        if match := _CC.fullmatch(stripped):
            ctx.add_group(ElementName.CC, index, match, "v", match.group("v").strip(), offset)
            ctx.used.add(index)
        elif match := _PRINTED.fullmatch(stripped):
            org, printed = match.group("org").strip(), normalise_date(match.group("date")) or ""
            ctx.add_group(ElementName.PRINTED_BY, index, match, "org", org, offset)
            ctx.add_group(ElementName.PRINTED_DATE, index, match, "date", printed, offset)
            ctx.used.add(index)


def _note_and_marking(ctx: _Context, date_index: int | None) -> None:
    """附注 (a parenthesised line after the date) and the disclosure marking."""
    start = date_index + 1 if date_index is not None else max(0, len(ctx.body) - TAIL_BLOCKS)
    marking_found = False
    for index in range(start, len(ctx.body)):
        if index in ctx.used:
            continue
        line = ctx.line(index)
        stripped = line.strip()
        note = _NOTE.fullmatch(stripped)
        if note is None:
            continue
        offset = len(line) - len(line.lstrip())
        ctx.add_group(ElementName.NOTE, index, note, "v", note.group("v").strip(), offset)
        ctx.used.add(index)
        if not marking_found and (m := _MARKING.search(line)):
            _add_marking(ctx, ctx.body[index], m)
            marking_found = True
    if marking_found:
        return
    # Offices also state it as a field, 公开方式：主动公开, at the top or bottom.
    for index in range(len(ctx.body)):
        line = ctx.line(index)
        m = _MARKING_FIELD.search(line) or (
            _MARKING.search(line) if _NOTE.fullmatch(line.strip()) else None
        )
        if m:
            _add_marking(ctx, ctx.body[index], m)
            return


def _add_marking(ctx: _Context, block: Block, match: re.Match[str]) -> None:
    attribute = _MARKING_VALUES[match.group("v")]
    ctx.add(
        ElementName.DISCLOSURE_MARKING,
        block,
        match.start(),
        match.end(),
        attribute.value,
        marking=match.group(),
    )
