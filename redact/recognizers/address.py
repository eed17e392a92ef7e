"""Addresses written after their label (住址, 家住, 住 …): a complement to the NER,
which finds addresses in running text but misses the end of a long one and the
village forms (…村下寨组, X队, X屯) the news it learnt from rarely has."""

from __future__ import annotations

from core.datamodel import Category
from redact.recognizers.base import Pattern, PatternRecognizer, Verdict

#: Words a street-level address has; a province or city alone has none of them.
STREET_WORDS = ("路", "街", "道", "巷", "弄", "胡同", "村", "组", "号", "室", "栋", "幢", "单元",
                "楼", "小区", "花园", "苑", "大厦", "公寓", "社区")  # fmt: skip
#: Below the village: a 组, 队 or 屯 is as precise as a house number in the country.
VILLAGE_UNITS = ("组", "队", "屯", "社", "小区", "社区")
#: After a residence label, anything down to a town is where the person lives (住重庆市
#: 南岸区长生镇): an address to remove, even without street and number. A county alone
#: (住河南省濮阳市台前县) identifies nobody.
_UNITS = ("镇", "乡", "村", "组", "街", "路", "号", "道", "社区", "小区", "屯", "队")
#: Where a written address may end (the NER's may end anywhere).
_ENDS = "号室栋幢单元楼层组村队屯房间户弄巷路街道区县镇乡苑园厦寓社院"


def is_street_level(text: str) -> bool:
    """A street and a number, or a village with its group: where one household lives."""
    if any(ch.isdigit() for ch in text) and any(w in text for w in STREET_WORDS):
        return True
    return "村" in text and any(text.endswith(u) or f"村{u}" in text for u in ("组", "队", "屯"))


class AddressRecognizer(PatternRecognizer):
    name = "AddressRecognizer"
    category = Category.ADDRESS
    patterns = (
        Pattern(
            "标注“住址”等字样后的地址",
            r"(?:家庭住址|家庭地址|现住址|现住|住址|户籍所在地|户籍地址?|户籍|居住地|家住|住在|暂住|通讯地址|联系地址|收货地址"
            # 住 alone (住贵州省…): only where a place name follows, not 住院, 住宿, 住建.
            r"|(?<![居暂现])住(?![所院宿建房])(?=[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|州|旗|镇|乡|村|街道)))"
            r"[:：\s为是于]*(?P<value>[^\s，,。；;：:、（）()]{2,60})",
            0.8,
        ),
        Pattern(
            "单位的住所地",
            r"(?:住所地|住所|注册地址?|经营地址|经营场所|营业场所)[:：\s为是]*(?P<value>[^\s，,。；;：:、（）()]{2,60})",
            0.7,
        ),
    )  # fmt: skip

    def validate(self, matched: str) -> Verdict | None:
        end = max(matched.rfind(ch) for ch in _ENDS) + 1
        address = matched[:end] if end > 0 else matched
        if len(address) < 4 or not any(u in address for u in _UNITS):
            return Verdict.reject("不像地址")
        return Verdict(0.8, "“住址”等字样后的街道门牌地址", length=len(address))
