"""Where a name or an address really begins and ends, once every recogniser has spoken.

The NER reads a window at a time and often stops a name a character short (雷志 for
雷志朋) or runs one on (张爽机 for 张爽 in 张爽机动车); the whole document knows better:
a name is the string its mentions share. Names listed with a found one (戴建勇、闻章学、
胡忠品) are names too. A place is an address when the text says someone lives there
(…龙舌坝村4组村民, 位于…街的出租房, …村袁某1的家中), and an address runs on to its
building, unit and room.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from core.datamodel import Category
from redact.names import SURNAMES, common_words, is_masked_name, looks_like_name, padded, squeeze
from redact.recognizers.base import Candidate
from redact.spans import Occupied

LIST_NAME = "ListRecognizer"
MENTION_NAME = "MentionRecognizer"
#: Characters that end a name when they follow it.
_STOPS = set("，,。.；;：:、（(）)“”\"'《》【】!！?？/\n\t 　") | set("等均")
#: Right after a name, the next word starts (张军驾驶, 李四说): not a third character.
_FOLLOWERS = set("因于在的了和与及等是为被将把对向从到说称均已也都又就还所并系驾持携曾先后经未即便")
#: Where the last name of a list ends: a stop, or the verb the list is the subject or
#: object of (致戴敏欢、全海平受伤, 与吴文童、钱成高打架).
_LIST_ENDS = _STOPS | _FOLLOWERS | set("受打")
#: An address runs on to its unit and room: 文化路86号 | 3栋2单元201室.
_ADDRESS_TAIL = re.compile(
    r"(?:[0-9０-９A-Za-z一二三四五六七八九十百零〇甲乙丙丁\-—之]{0,6}"
    r"(?:号楼|号院|号|栋|幢|座|单元|室|楼|层|组|队|屯|房间|房|户|弄|巷|排))+"
)
#: A town, township, street office or village glued before an address is part of it;
#: a county or city stops it (进入本县|雷甸镇新利村…: 本县 is not the address).
_UNIT_BEFORE = re.compile(r"(?:(?![镇乡村街道县区市省])[\u4e00-\u9fff]){2,3}(?:镇|乡|街道|村)$")
#: After a place: someone lives there.
_HOME_AFTER = re.compile(
    r"^(?:的)?(?:村民|居民|农户|家中|家里|住处|住宅|住房|出租房|租住房|租房|老家|宅基地|原宅基地)"
    r"|^[\u4e00-\u9fff某0-9]{1,4}(?:的)?(?:家中|家里|住处|住宅|出租房|租住|租房)"
)
#: Before a place: someone lives there.
_HOME_BEFORE = re.compile(r"(?:家住|住在|租住|暂住|居住|住址|住于|位于|户籍地|老家在)[:：]?$")


def settle(candidates: list[Candidate], text: str) -> list[Candidate]:
    found = {text[c.start : c.end] for c in candidates if c.category == Category.PERSON_NAME}
    follows = _Follows(text)
    candidates = [_name_extent(c, text, found, follows) for c in candidates]
    candidates += _other_mentions(candidates, text)
    candidates += _listed_names(candidates, text)
    return [_address_extent(_home(c, text), text) for c in candidates]


# -- names -----------------------------------------------------------------------------


class _Follows:
    """What follows each mention of a string in the text, counted once per string (a
    long file names the same person thousands of times)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._counts: dict[str, Counter] = {}

    def __call__(self, name: str) -> Counter:
        counts = self._counts.get(name)
        if counts is None:
            text = self.text
            counts = Counter(
                text[m.end() : m.end() + 1] for m in re.finditer(re.escape(name), text)
            )
            self._counts[name] = counts
        return counts


def _name_extent(c: Candidate, text: str, found: set[str], follows: _Follows) -> Candidate:
    name = text[c.start : c.end]
    if c.category != Category.PERSON_NAME or not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", name):
        return c
    if len(name) == 2 and name[0] in SURNAMES:
        nexts = _solid(follows(name))
        # Twice or more, always the same third character (雷志朋 … 雷志朋): one mention
        # alone cannot tell 张伟出席 from a three-character name.
        if len(nexts) == 1 and sum(nexts.values()) >= 2:
            (third,) = nexts
            longer = name + third
            if (
                "\u4e00" <= third <= "\u9fff"
                and third not in _FOLLOWERS
                and longer not in common_words()
                and looks_like_name(longer)
            ):
                # Across the line break a fixed-width layout put inside it (袁业⏎余).
                at = c.end
                while at < len(text) and text[at] in " \t\u3000\n":
                    at += 1
                if at < len(text) and text[at] == third:
                    return replace(c, end=at + 1)
    if len(name) in (3, 4):
        # 张爽机动车, 刘光中询问笔录: 张爽, 刘光中 elsewhere are followed by 、 and 护, 性 and 在.
        short = name[:-1]
        if short in found and len(_solid(follows(short))) >= 2 and looks_like_name(short):
            return replace(c, end=c.end - 1)
    return c


def _solid(nexts: Counter) -> Counter:
    """What follows, without line breaks and padding: a name a layout broke across lines
    (袁业⏎余) is not a shorter name followed by a space."""
    return Counter({ch: n for ch, n in nexts.items() if ch and not ch.isspace()})


def _other_mentions(candidates: list[Candidate], text: str) -> list[Candidate]:
    """Every other mention of a name found once, so that its own context is read too
    (and the list it stands in: 吴文童、钱成高)."""
    taken = Occupied(len(text), [(c.start, c.end) for c in candidates])
    found: list[Candidate] = []
    names = {
        squeeze(text[c.start : c.end]): c
        for c in candidates
        if c.category == Category.PERSON_NAME and looks_like_name(text[c.start : c.end])
    }
    for name, first in names.items():
        for match in padded(name).finditer(text):
            start, end = match.span()
            if taken.free(start, end):
                taken.take(start, end)
                found.append(
                    Candidate(
                        start,
                        end,
                        Category.PERSON_NAME,
                        first.score,
                        MENTION_NAME,
                        f"“{name}”在本文件中的另一处提及",
                    )
                )
    return found


def _listed_names(candidates: list[Candidate], text: str) -> list[Candidate]:
    """Names in an enumeration with a found name or mask: 胡攀诚、戴建勇、闻章学."""
    taken = Occupied(len(text), [(c.start, c.end) for c in candidates])
    found: list[Candidate] = []
    frontier = [c for c in candidates if c.category == Category.PERSON_NAME]
    while frontier:
        c = frontier.pop()
        for start, end in (_next_in_list(text, c.end), _previous_in_list(text, c.start)):
            if start is None or not taken.free(start, end):
                continue
            new = Candidate(
                start,
                end,
                Category.PERSON_NAME,
                0.8,
                LIST_NAME,
                f"与“{text[c.start : c.end]}”并列的姓名",
            )
            taken.take(start, end)
            found.append(new)
            frontier.append(new)
    return found


def _next_in_list(text: str, at: int) -> tuple[int | None, int | None]:
    if at >= len(text) or text[at] not in "、及和与":
        return None, None
    start = at + 1
    for length in (3, 2):
        end = start + length
        if (
            end <= len(text)
            and (end == len(text) or text[end] in _LIST_ENDS)
            and _plausible(text[start:end])
        ):
            return start, end
    return None, None


def _previous_in_list(text: str, at: int) -> tuple[int | None, int | None]:
    if at == 0 or text[at - 1] != "、":
        return None, None
    end = at - 1
    for length in (3, 2):
        start = end - length
        if (
            start >= 0
            and (start == 0 or text[start - 1] in _STOPS | set("及和与同被"))
            and _plausible(text[start:end])
        ):
            return start, end
    return None, None


def _plausible(name: str) -> bool:
    return looks_like_name(name) and not is_masked_name(name)


# -- addresses -------------------------------------------------------------------------


def _home(c: Candidate, text: str) -> Candidate:
    """A place the text says someone lives in is that person's address."""
    if c.category != Category.LOCATION:
        return c
    after = text[c.end : c.end + 12]
    before = text[max(0, c.start - 6) : c.start]
    if _HOME_AFTER.search(after) or _HOME_BEFORE.search(before):
        return replace(
            c, category=Category.ADDRESS, explanation=f"{c.explanation}；上下文表明是住处"
        )
    return c


def _address_extent(c: Candidate, text: str) -> Candidate:
    """Addresses to their ends: the NER and the label patterns stop at 路 or 号 where the
    address goes on to its building, unit and room, and the NER often starts one at the
    village and leaves its town and village before it (雷甸镇新利村|三家村5-16号)."""
    if c.category != Category.ADDRESS or c.facts.get("masked"):
        return c
    start = c.start
    while (unit := _UNIT_BEFORE.search(text, max(0, start - 8), start)) is not None:
        start = unit.start()
    tail = _ADDRESS_TAIL.match(text, c.end)
    end = tail.end() if tail is not None else c.end
    if (start, end) == (c.start, c.end):
        return c
    return replace(c, start=start, end=end)
