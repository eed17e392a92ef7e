"""Rural addresses written without a label: 巴中市巴州区回风街道办事处龙舌坝村4组,
南华县龙川镇白衣村委会梅家小组 — a village and its group locate one household.

Judgments and penalty decisions name them in running text (…村4组村民, 在…组原宅基地
旁), where the NER, trained on news, rarely sees one. The end is found from the
group (组, 队, 屯) or house number after a village; the start is the province,
prefecture or county the address opens with, from the administrative-division names
python-stdnum ships (GB/T 2260, the table its resident-ID module reads), so the address
neither starts in the middle of a sentence nor loses its county.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import stdnum

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.recognizers.base import Candidate

NAME = "RuralAddressRecognizer"
#: On its own a village group may be where something happened; with 村民 after it or
#: 住 before it, it is where someone lives.
SCORE, HOME_SCORE = 0.7, 0.85
_HOME = re.compile(r"的?(?:村民|居民|农户|家中|家里|住户)")
_LIVES = re.compile(r"(?:家住|住在|住址|住|居住|户籍)[:：]?$")
#: A village and, right after it, its group or a house number.
_VILLAGE = re.compile(
    r"(?:村委会|居委会|村民委员会|村|社区)"
    r"[\u4e00-\u9fff0-9一二三四五六七八九十]{0,6}?(?:小组|组|队|屯|\d{1,4}号)"
)
#: A village whose 村民 the text names (坪溪村村民刘光中): the household's village.
_VILLAGERS = re.compile(r"村(?=的?村民)")
#: How far back from the village the opening place name may be.
_BACK = 40
_NOT_PLACE = re.compile(r"[^\u4e00-\u9fff]")
#: A town or township the address opens with: the whole run of Han characters before
#: the village when it is one (马迹塘镇), else a two-character one inside it (在头沟镇).
_TOWN = re.compile(r"(?:(?![镇乡村])[\u4e00-\u9fff]){2,3}(?:镇|乡)(?=[\u4e00-\u9fff]{2,}$)")
_TOWN2 = re.compile(r"(?:(?![镇乡村])[\u4e00-\u9fff]){2}(?:镇|乡)")


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Province, prefecture and county names of every period (崇文区 and 东城区 alike)."""
    path = Path(stdnum.__file__).parent / "cn" / "loc.dat"
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        for value in re.findall(r'(?:province|county)="([^"]+)"', line):
            name = re.sub(r"^\[[^\]]*\]", "", value)
            if len(name) >= 2 and name not in ("市辖区", "县", "省直辖县级行政区划"):
                names.add(name)
    return frozenset(names)


class RuralAddressRecognizer:
    name = NAME

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        text, names = context.text, place_names()
        found = []
        villages = [*_VILLAGE.finditer(text), *_VILLAGERS.finditer(text)]
        for match in villages:
            start = _opening(text, match.start(), names)
            if start is None:
                continue
            home = _HOME.match(text, match.end()) or _LIVES.search(text, max(0, start - 4), start)
            found.append(
                Candidate(
                    start,
                    match.end(),
                    Category.ADDRESS,
                    HOME_SCORE if home else SCORE,
                    NAME,
                    "以县市名开头、到村组为止的农村地址" + ("（上下文表明是住处）" if home else ""),
                )
            )
        return found


def _opening(text: str, village: int, names: frozenset[str]) -> int | None:
    """The leftmost place name the address before ``village`` opens with: a province,
    prefecture or county, or else the town it is in (女,头沟镇北沟门村五组村民)."""
    low = village
    while low > 0 and village - low < _BACK and not _NOT_PLACE.match(text[low - 1]):
        low -= 1
    for at in range(low, village):
        if any(text[at : at + n] in names for n in range(2, 9)):
            return at
    run = text[low:village]
    if (town := _TOWN.match(run) or _TOWN2.search(run)) is not None:
        return low + town.start()
    return None
