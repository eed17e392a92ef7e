"""Addresses written after their label (住址, 家住, 住 …): a complement to the NER,
which finds addresses in running text but misses the end of a long one and the
village forms (…村下寨组, X队, X屯) the news it learnt from rarely has."""

from __future__ import annotations

import re
from dataclasses import replace

from core.datamodel import Category
from redact.context import AnalysisContext
from redact.names import MASK_CHARS, looks_like_name, surname_of
from redact.recognizers.base import Candidate, Pattern, PatternRecognizer, Verdict

#: Words a street-level address has; a province or city alone has none of them.
STREET_WORDS = ("路", "街", "道", "巷", "弄", "胡同", "村", "组", "号", "室", "栋", "幢", "单元",
                "楼", "小区", "花园", "苑", "大厦", "公寓", "社区")  # fmt: skip
#: Below the village: a 组, 队 or 屯 is as precise as a house number in the country.
VILLAGE_UNITS = ("组", "队", "屯", "社", "小区", "社区")
#: After a residence label, anything down to a town is where the person lives (住重庆市
#: 南岸区长生镇): an address to remove, even without street and number. A county alone
#: (住河南省濮阳市台前县) identifies nobody.
#: So is a compound or building (现住天峨县政府大院: a home in the county offices' compound).
_UNITS = ("镇", "乡", "村", "组", "街", "路", "号", "道", "社区", "小区", "屯", "队", "大院",
          "家属院", "宿舍", "公寓", "花园", "苑", "大厦", "栋", "幢", "单元", "室", "弄", "巷",
          "胡同")  # fmt: skip
#: Where a written address may end (the NER's may end anywhere).
_ENDS = "号室栋幢单元楼层组村队屯房间户弄巷路街道区县镇乡苑园厦寓社院"


def is_street_level(text: str) -> bool:
    """A street and a number, or a village with its group: where one household lives."""
    if any(ch.isdigit() for ch in text) and any(w in text for w in STREET_WORDS):
        return True
    return "村" in text and any(text.endswith(u) or f"村{u}" in text for u in ("组", "队", "屯"))


def _labels(*words: str) -> str:
    """Label words as a form lays them out: 住 所, 住　址, 家庭住址."""
    return "|".join(r"[ \u3000]?".join(map(re.escape, w)) for w in words)


#: 住所 is the law's word for anyone's domicile: a company's seat, or a person's home
#: when the party above it is a natural person (身份证号码, 性别, 出生 in the party block).
_PERSON_PARTICULARS = re.compile(r"身份证|公民身份号码|性别|出生|[，,:：\s][男女][，,\s]")
_ORGANISATION_PARTICULARS = re.compile(r"统一社会信用代码|法定代表人|负责人|营业执照|公司|单位")
#: The party's name on its own line: 当 事 人:苏*忠 — a person (masked or not), not a firm.
_PARTY_VALUE = re.compile(r"^[^:：\n]{0,12}[:：]\s*([^\s,，、;；:：(（]{2,6})\s*(?:[\n,，;；]|$)")
_DOMICILE = re.compile(r"(?:住[ \u3000]?所|(?<![址所办公营册位])地[ \u3000]?址)[:：\s为是]*$")
_BUSINESS = re.compile(r"经营(?:地址|场所)[:：\s]*$")
#: A flat in a residential building: 8栋106号, 3单元501室.
_FLAT = re.compile(r"\d+\s*[栋幢].{0,6}?\d+\s*[号室]|单元.{0,4}?\d+\s*[号室]|\d{3,4}\s*室")
_PARTY = re.compile(
    _labels("当事人", "被处罚人", "申请人", "被申请人", "原告", "被告", "上诉人", "第三人", "姓名")
)


#: A residence written only to its county or district (住江西省定南县): it identifies
#: nobody by itself, and courts keep it when they publish a judgment — but a reviewer may
#: still want it gone, so it is asked, not decided.
COUNTY_ONLY = "住址只写到县（区）一级"


def _ends_in_county(text: str) -> bool:
    """Whether ``text`` ends in a province, prefecture or county name python-stdnum knows."""
    from redact.recognizers.rural_address import place_names

    names = place_names()
    return any(text[-n:] in names for n in range(2, len(text) + 1))


def _county_level(text: str) -> bool:
    """A county, district or county-level city: one the table knows, or one it does not
    know yet (图壁县) or a development zone (安庆市开发区), opened by a place it knows."""
    if _ends_in_county(text):
        return True
    from redact.recognizers.rural_address import place_names

    names = place_names()
    opened = any(text[:n] in names for n in range(2, len(text) - 1))
    return opened and re.search(r"(?:县|旗|开发区|新区|高新区)$", text) is not None


def _county(candidate: Candidate) -> Candidate:
    if candidate.explanation != COUNTY_ONLY:
        return candidate
    return replace(candidate, facts={**candidate.facts, "county_only": True})


def _a_persons(name: str) -> bool:
    """潘权坤, 赵**, 苏*忠, 张某: a person's name, whole or masked."""
    masked = surname_of(name) is not None and any(ch in MASK_CHARS or ch == "某" for ch in name)
    return masked or looks_like_name(name)


class AddressRecognizer(PatternRecognizer):
    name = "AddressRecognizer"
    category = Category.ADDRESS
    patterns = (
        Pattern(
            "标注“住址”等字样后的地址",
            "(?:" + _labels("家庭住址", "家庭地址", "现住址", "现住", "住址", "户籍所在地", "户籍地址",
                            "户籍地", "户籍", "居住地", "家住", "住在", "暂住", "通讯地址", "联系地址",
                            "收货地址")
            # 住 alone (住贵州省…): only where a place name follows, not 住院, 住宿, 住建.
            + r"|(?<![居暂现])住(?![所院宿建房 \u3000])(?=[\u4e00-\u9fff]{1,12}?(?:省|市|县|区|州|旗|镇|乡|村|街道)))"
            r"[:：\s为是于]*(?P<value>[^\s，,。；;：:、（）()]{2,60})",
            0.8,
        ),
        Pattern(
            "单位的住所地",
            "(?:" + _labels("住所地", "住所", "注册地址", "注册地", "经营地址", "经营场所", "营业场所",
                            "地址")
            + r")[:：\s为是]*(?P<value>[^\s，,。；;：:、（）()]{2,60})",
            0.7,
        ),
    )  # fmt: skip

    def analyze(self, context: AnalysisContext) -> list[Candidate]:
        found = (self._whose(c, context.folded) for c in super().analyze(context))
        return [_county(c) for c in found if c is not None]

    def _whose(self, candidate: Candidate, folded: str) -> Candidate | None:
        """A 住所 or 地址 is a home when the party it belongs to is a natural person; a
        bare 地址 of anyone else is left to the NER and the policy, as before."""
        label = _DOMICILE.search(folded[max(0, candidate.start - 8) : candidate.start])
        if label is None:
            return self._business(candidate, folded)
        bare = "所" not in label.group()
        before = folded[max(0, candidate.start - 120) : candidate.start]
        parties = list(_PARTY.finditer(before))
        block = before[parties[-1].start() :] if parties else before[-60:]
        if _ORGANISATION_PARTICULARS.search(block):
            return None if bare else candidate
        party = _PARTY_VALUE.search(block)
        if _PERSON_PARTICULARS.search(block) or (party and _a_persons(party.group(1))):
            return replace(
                candidate,
                score=0.8,
                explanation="当事人是自然人，其“住所”或“地址”是住址",
                facts={**candidate.facts, "natural_person": True},
            )
        return None if bare else candidate

    def _business(self, candidate: Candidate, folded: str) -> Candidate:
        """A natural person's 经营地址 in a flat (…8栋106号) may be where he lives: asked."""
        label = _BUSINESS.search(folded[max(0, candidate.start - 8) : candidate.start])
        flat = _FLAT.search(folded[candidate.start : candidate.end])
        block = folded[max(0, candidate.start - 160) : candidate.start]
        if label and flat and _PERSON_PARTICULARS.search(block):
            return replace(
                candidate,
                score=0.85,  # over the NER's reading of the same address, which has no owner
                explanation="自然人当事人的经营地址（住宅楼内）",
                facts={**candidate.facts, "person_business": True},
            )
        return candidate

    def validate(self, matched: str) -> Verdict | None:
        if any(ch in MASK_CHARS for ch in matched):
            return Verdict.reject("已去标识化的地址")  # 扶赖村委会***: masked by the agency
        end = max(matched.rfind(ch) for ch in _ENDS) + 1
        address = matched[:end] if end > 0 else matched
        # (A county-level city may have three characters, a county two: 住凤城市, 住华县.)
        if len(address) >= 2 and not any(u in address for u in _UNITS):
            county = re.match(r"[\u4e00-\u9fff]{1,20}?(?:县|区|市|旗)$", address)
            if county is not None and _county_level(county.group()):
                return Verdict(0.65, COUNTY_ONLY, length=len(county.group()))
            return Verdict.reject("不像地址")
        if len(address) < 4:
            return Verdict.reject("不像地址")
        return Verdict(0.8, "“住址”等字样后的街道门牌地址", length=len(address))
