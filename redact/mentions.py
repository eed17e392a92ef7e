"""A person judged once is judged in every mention.

The role word that makes 田春娥 a private party stands before her name once, in the
list of parties; the judgment then names her forty times more, in the body, the tables,
the notes — and the NER finds some of those mentions and misses others. So a name whose
decision was firm somewhere (a role word, a title, a 签发人) carries that decision to
every mention of it in the document, found or not, padded or not (张  青); a private
person's given name used alone (志朋 for 雷志朋) goes too. Private wins: one firm
private mention makes every mention private.
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.datamodel import Action, Category, Finding
from redact.names import given_name, is_masked_name, padded, squeeze
from redact.recognizers.address import is_street_level
from redact.spans import Occupied

NAME = "MentionRecognizer"  # as ``redact.extents`` names the mentions it adds
#: The shortest repeated form of a home address carried to it (数码路75号).
_MIN_HOME = 6
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: The short name a judgment defines right after what it names: （以下简称“…”）, （下称…）.
_ALIAS = re.compile(
    r"[”\"]?[（(](?:以下|下)?简称[:：]?[“\"]?(?P<alias>[^”\"（）()，,。]{2,30}?)[”\"]?[）)]"
)
_ALIASED = {Category.PERSON_NAME, Category.ADDRESS}
#: Right after a given name used alone, these show it ends there (志朋说, 志朋称).
_AFTER_GIVEN = set('说称讲告表承辩供交证是在因于将把被对向与和及等的了也都，,。；;：:、）)”"')


def propagate(findings: list[Finding], firm: dict[int, int], text: str) -> list[Finding]:
    """``findings`` with every mention of a firmly judged name decided alike; ``firm``
    says, by index into ``findings``, how firm each decision was (``Decision.strength``:
    what the words around a mention say outweighs what the document's kind implies)."""
    findings = _whole_names(findings, text)
    by_name: dict[str, list[int]] = {}
    for i, finding in enumerate(findings):
        if finding.category == Category.PERSON_NAME and not is_masked_name(finding.text):
            by_name.setdefault(squeeze(finding.text), []).append(i)
    out = list(findings)
    added: list[Finding] = []
    # Only what may be personal holds a place: an organisation or a place the NER read
    # across a name (江向 in “，焦守江向董国华”) is dropped from the decisions anyway and
    # must not hide the mention.
    taken = Occupied(len(text), [(f.start, f.end) for f in findings if f.category.personal])
    for name, indexes in by_name.items():
        level = max((firm.get(i, 0) for i in indexes), default=0)
        if level == 0:
            continue
        firm_ones = [findings[i] for i in indexes if firm.get(i, 0) == level]
        private = next((f for f in firm_ones if f.action == Action.REDACT), None)
        official = next((f for f in firm_ones if f.action == Action.KEEP), None)
        lead = private or official
        if lead is None:
            continue
        reason = _reason(lead)
        for i in indexes:
            current = out[i]
            # Private wins over an official mention as firm as itself; an official lead
            # only settles the mentions less firmly decided.
            weaker = firm.get(i, 0) < level
            if current.action != lead.action and (weaker or lead is private):
                out[i] = replace(
                    current, action=lead.action, action_reason=reason, legal_basis=lead.legal_basis
                )
        if lead is private:
            for start, end in _mentions(text, name, taken):
                added.append(_mention(lead, text, start, end, reason))
                taken.take(start, end)
            if (given := given_name(name)) is not None:
                for start, end in _given_alone(text, given, name, taken):
                    added.append(_mention(lead, text, start, end, f"{reason}（单用名字）"))
                    taken.take(start, end)
    out = _same_homes(out)
    added += _aliases(out + added, text, taken)
    return sorted(out + added, key=lambda f: (f.start, f.end))


def _aliases(findings: list[Finding], text: str, taken) -> list[Finding]:
    """A short name the document defines for something it removes is removed too:
    …6楼62号房（以下简称“好莱坞商业广场62号房”）, then the short name alone, later."""
    added = []
    for lead in findings:
        if lead.action != Action.REDACT or lead.category not in _ALIASED:
            continue
        defined = _ALIAS.match(text, lead.end)
        if defined is None:
            continue
        alias = defined.group("alias")
        reason = f"{_reason(lead)}（文中简称“{alias}”）"
        for match in re.finditer(re.escape(alias), text):
            if taken.free(*match.span()):
                added.append(_mention(lead, text, *match.span(), reason))
                taken.take(*match.span())
    return added


def _whole_names(findings: list[Finding], text: str) -> list[Finding]:
    """A name cut short where the next word starts like a name character (蔡西 in
    “原审被告人蔡西就犯…”, read as 蔡西|就犯) is the whole name the document gives
    elsewhere (原审被告人蔡西就，男): the longer name, where the text has it, wins."""
    names = {
        f.text for f in findings if f.category == Category.PERSON_NAME and _HAN.fullmatch(f.text[0])
    }
    out = []
    for k, f in enumerate(findings):
        if f.category == Category.PERSON_NAME:
            limit = findings[k + 1].start if k + 1 < len(findings) else len(text)
            longer = max(
                (
                    n
                    for n in names
                    if len(n) > len(f.text)
                    and n.startswith(f.text)
                    and text.startswith(n, f.start)
                    and f.start + len(n) <= limit
                ),
                key=len,
                default=None,
            )
            if longer is not None:
                f = replace(f, end=f.start + len(longer), text=longer)
        out.append(f)
    return out


def _same_homes(findings: list[Finding]) -> list[Finding]:
    """A home address removed once is removed wherever the document repeats it, whole or
    from the county or street on (住辽宁省大连市沙河口区数码路75号… in the particulars,
    …在大连市沙河口区数码路75号…家中将其抓获 in the facts, where a nearby 局 made it look
    like the agency's)."""
    homes: dict[str, Finding] = {}
    for f in findings:
        if f.category == Category.ADDRESS and f.action == Action.REDACT:
            whole = squeeze(f.text)
            for at in range(len(whole) - _MIN_HOME + 1):
                homes.setdefault(whole[at:], f)
    if not homes:
        return findings
    out = []
    for f in findings:
        lead = homes.get(squeeze(f.text)) if f.category == Category.ADDRESS else None
        if lead is not None and f.action != Action.REDACT and is_street_level(f.text):
            f = replace(
                f, action=Action.REDACT, action_reason=_reason(lead), legal_basis=lead.legal_basis
            )
        out.append(f)
    return out


def _reason(lead: Finding) -> str:
    return f"同一文件中已认定：{lead.action_reason}"


def _mention(lead: Finding, text: str, start: int, end: int, reason: str) -> Finding:
    return replace(
        lead,
        start=start,
        end=end,
        text=text[start:end],
        recognizer=NAME,
        explanation=f"“{squeeze(lead.text)}”在本文件中的另一处提及",
        action_reason=reason,
    )


def _mentions(text: str, name: str, taken) -> list[tuple[int, int]]:
    return [m.span() for m in padded(name).finditer(text) if taken.free(*m.span())]


def _given_alone(text: str, given: str, name: str, taken) -> list[tuple[int, int]]:
    """The given name standing alone: not after its surname, bounded by punctuation or a
    word that ends a name on the right, and by no Han character on the left."""
    found = []
    for match in re.finditer(re.escape(given), text):
        start, end = match.span()
        left = text[start - 1] if start else ""
        right = text[end] if end < len(text) else ""
        if _HAN.match(left) or not (right == "" or right in _AFTER_GIVEN or right.isspace()):
            continue
        if taken.free(start, end):
            found.append((start, end))
    return found
