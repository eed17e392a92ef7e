"""Names right after a role word: 被告人张三, 当事人：肖江仔, 审 判 长  吴 晓 慧, 记者 孟军.

The NER trained on news finds names in running text and misses them in the formulas
of legal and administrative prose (a court judgment's 被告人…, a penalty decision's
姓名：…). A role word before a name is the strongest sign there is both that it is a
name and whose: so this recogniser proposes the name and records the role as a fact
the policy decides on (a 被告人 is private, a 审判长 in office, a 委托代理人 depends on
what follows him: 律师 or 男，1970年出生).

Roles come from the policy (office-editable). Lines are read with their padding
squeezed out, and enumerations continue the role: 被上诉人田春娥、张军、田丽琴.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.names import COMPOUND_SURNAMES, SURNAMES, looks_like_name
from redact.recognizers.base import Candidate
from redact.text import squeeze_with_map

NAME = "RoleCueRecognizer"
SCORE = 0.9
#: Between a role and its name: a parenthesis (被上诉人（原审被告）：), the end of one
#: the role stands in ((…二审上诉人)赖杏兰), a colon, a comma.
_BRIDGE = re.compile(r"[）)]?(?:[（(][^（）()]{1,12}[）)])?[:：,，]?")
#: What may end a name on the squeezed line.
_STOP = set("，,。.；;：:、（(）)“”\"'《》【】!！?？/\n") | {"男", "女"}
#: Characters that, right after two name characters, start the next word instead of
#: being a third character of the name (被告人张三因盗窃…, 被害人李四于2019年…).
_FOLLOWERS = set(
    "因于在的了和与及等是为被将把对向从到说称均已也都又就还所并系驾持携曾先后经未即便"
    "纠伙受租窜使用给以拿找叫让要欠借收送卖买骗盗偷抢殴醉酒出进回至分多主非明诉不登离"
)
_JOINERS = ("、", "和", "及", "与")
#: A short parenthesis or a certificate number right after a name in a list.
_CODE = re.compile(r"[（(][^（）()]{1,24}[）)]|[A-Z]{0,2}\d{6,14}")
#: After a "name", the rest of an organisation's: 乐腾达（深圳）日用品有限公司, 张三商行.
_ORGANISATION = re.compile(
    r"(?:[（(][\u4e00-\u9fff]{2,6}[）)])?[\u4e00-\u9fff]{0,12}?"
    r"(?:有限|公司|集团|商行|商店|厂|店|合作社|银行|医院|学校|中心|委员会|事务所|研究院|协会)"
)


class RoleCueRecognizer:
    name = NAME

    def __init__(self, roles: dict[str, Iterable[str]]) -> None:
        """``roles``: kind of role (private, official, agent …) → its words."""
        self.kind_of = {w: kind for kind, words in roles.items() for w in words}
        # Longest first, so 被上诉人 wins over 上诉人 and 原审被告 over 被告.
        words = sorted(self.kind_of, key=len, reverse=True)
        self._cue = re.compile("|".join(re.escape(w) for w in words)) if words else None

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        if self._cue is None:
            return []
        found: list[Candidate] = []
        text = context.text
        previous = ""
        # Where the NER saw a name start → where it ends, looked up once per cue.
        people = {s: e for s, e, label in context.ner_spans or () if label == "PER"}
        label: tuple[str, list[int]] | None = None
        for block in context.blocks:
            line, origin = squeeze_with_map(text, block.start, block.end)
            if label is not None:
                # A form's label in its own cell or line, the value in the next:
                # 法定代表人⏎刘利荣. Read as one line, the cue matches at its start.
                joined, joined_origin = label[0] + line, label[1] + origin
                cue = self._cue.match(joined)
                if cue is not None and _BRIDGE.match(joined, cue.end()).end() == len(label[0]):
                    found += self._names_after(people, joined, joined_origin, cue, previous[:60])
            for cue in self._cue.finditer(line):
                # Whom an agent acts for: the party named before him on his line
                # (大众金融公司的委托代理人) or on the line above (the party's own).
                party = line[max(0, cue.start() - 24) : cue.start()] or previous[:60]
                found += self._names_after(people, line, origin, cue, party)
            whole = self._cue.fullmatch(line.rstrip(":："))
            label = (line, origin) if whole is not None else None
            previous = line
        return found

    def _names_after(
        self, people: dict[int, int], line: str, origin: list[int], cue: re.Match, party: str
    ) -> list[Candidate]:
        word, kind = cue.group(), self.kind_of[cue.group()]
        at = _BRIDGE.match(line, cue.end()).end()
        found = []
        while at < len(line):
            length = _alias_length(line, at) if kind == "alias" else None
            length = length or _name_length(people, line, origin, at)
            if length is None or _ORGANISATION.match(line, at + length):
                break  # 原告乐腾达（深圳）日用品有限公司: a company, not a person
            start, end = origin[at], origin[at + length - 1] + 1
            found.append(
                Candidate(
                    start,
                    end,
                    Category.PERSON_NAME,
                    SCORE,
                    NAME,
                    f"“{word}”后的姓名",
                    {
                        "cue": word,
                        "role": kind,
                        "clause": _clause(line, at + length),
                        "party": party,
                    },
                )
            )
            at += length
            # An officer's certificate number after his name (胡旺杰(湘09001700106)、
            # 温习锋03000121012张玲…) separates the names of a list as a comma would.
            code = _CODE.match(line, at)
            at = code.end() if code else at
            joiner = next((j for j in _JOINERS if line.startswith(j, at)), None)
            if joiner is None and code is None:
                break
            at += len(joiner or "")
        return found


def _alias_length(line: str, at: int) -> int | None:
    """An alias runs to a stop and need not open with a surname (曾用名老东）)."""
    run = re.match(r"[\u4e00-\u9fff]{2,4}", line[at:])
    end = at + len(run.group()) if run else at
    if run and (end == len(line) or line[end] in _STOP):
        return len(run.group())
    return None


def _name_length(people: dict[int, int], line: str, origin: list[int], at: int) -> int | None:
    """How many squeezed characters from ``at`` make the name, if a name starts there."""
    surname = 2 if line[at : at + 2] in COMPOUND_SURNAMES else 1
    if surname == 1 and line[at : at + 1] not in SURNAMES:
        return None
    # A name that runs from its role to a stop (姓名:肖江仔, / 姓名:梁金帶⏎) is whole:
    # the layout says where it ends, better than the NER, which cut 梁金|带.
    for length in (surname + 2, surname + 1):
        end = at + length
        stops = end == len(line) or (
            end < len(line) and (line[end] in _STOP or line[end].isdigit())
        )
        if stops and _plausible(line[at:end]):
            return length
    # Otherwise the NER's own span, where it saw a name starting here, knows best.
    end = people.get(origin[at])
    if end is not None:
        length = bisect_left(origin, end, lo=at) - at  # origin only rises
        if looks_like_name(line[at : at + length]):
            return length
    for length in (surname + 1, surname + 2):  # 被告人张三因…, 被告人胡攀诚纠集…
        end = at + length
        if end < len(line) and line[end] in _FOLLOWERS and _plausible(line[at:end]):
            return length
    return None


def _plausible(name: str) -> bool:
    return _han(name) and looks_like_name(name)


def _han(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def _clause(line: str, at: int) -> str:
    """What follows the name up to the end of its clause: 贵州精湛律师事务所律师, 男 …"""
    rest = line[at:]
    stop = re.search(r"[。；;]", rest)
    return rest[: stop.start() if stop else 60][:60]
