"""The vocabulary of 依申请公开: channels, applicant types (Table 三's columns) and the
reply types of 第三十六条 (Table 三's rows, one to one).

Codes are stable and English (the API and the database store them); labels are what
users read, in the words of the 2021 report format (国办公开办函〔2021〕30号).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.errors import InvalidInput


class Channel(StrEnum):
    """How the application arrived (第三十一条 fixes its date of receipt by channel)."""

    IN_PERSON = "当面"
    POST = "邮寄"
    ONLINE = "网络"
    FAX = "传真"
    OTHER = "其他"


class ApplicantType(StrEnum):
    """Table 三's columns: 自然人, and 法人或其他组织 in five kinds."""

    NATURAL_PERSON = "natural_person"
    BUSINESS = "business"
    RESEARCH = "research"
    PUBLIC_INTEREST = "public_interest"
    LEGAL_SERVICE = "legal_service"
    OTHER_ORGANISATION = "other_organisation"

    @property
    def label(self) -> str:
        return APPLICANT_TYPE_LABELS[self]


APPLICANT_TYPE_LABELS = {
    ApplicantType.NATURAL_PERSON: "自然人",
    ApplicantType.BUSINESS: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_INTEREST: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER_ORGANISATION: "其他",
}

#: 获取信息的形式 and 方式 (第二十九条第（三）项), as the applicant asked.
FORMS = ("纸质", "电子文档", "其他")
DELIVERY = ("邮寄", "电子邮件", "当面领取", "传真", "网络", "其他")
#: How the reply reached the applicant.
DELIVERY_METHODS = ("邮寄", "电子邮件", "当面送达", "传真", "网络", "其他")


@dataclass(frozen=True)
class ReplyType:
    code: str
    #: Table 三's row: its group under 三、本年度办理结果, and its label.
    group: str
    label: str
    #: The article the reply rests on, as the letter cites it.
    article: str
    #: Whether the reply hands over information (a copy of each document).
    provides: bool = False

    @property
    def title(self) -> str:
        """The row as Table 三 names it: （一）予以公开, （二）部分公开（…）, （三）不予公开 1.…"""
        if self.code == "grant":
            return self.group
        if self.code == "partial":
            return f"（二）{self.label}"
        return f"{self.group} {self.label}"


_G1, _G2, _G3 = "（一）予以公开", "（二）部分公开", "（三）不予公开"
_G4, _G5, _G6 = "（四）无法提供", "（五）不予处理", "（六）其他处理"

#: In Table 三's order. The articles follow 《政府信息公开条例》(2019); the letters take
#: their wording from the office's template (workflow/conf/letters.yaml).
REPLY_TYPES: tuple[ReplyType, ...] = (
    ReplyType("grant", _G1, "予以公开", "第三十六条第（一）项、第（二）项", provides=True),
    ReplyType(
        "partial",
        _G2,
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "第三十七条",
        provides=True,
    ),
    ReplyType("withhold_1", _G3, "1.属于国家秘密", "第十四条"),
    ReplyType("withhold_2", _G3, "2.其他法律行政法规禁止公开", "第十四条"),
    ReplyType("withhold_3", _G3, "3.危及“三安全一稳定”", "第十四条"),
    ReplyType("withhold_4", _G3, "4.保护第三方合法权益", "第十五条"),
    ReplyType("withhold_5", _G3, "5.属于三类内部事务信息", "第十六条第一款"),
    ReplyType("withhold_6", _G3, "6.属于四类过程性信息", "第十六条第二款"),
    ReplyType("withhold_7", _G3, "7.属于行政执法案卷", "第十六条第二款"),
    ReplyType("withhold_8", _G3, "8.属于行政查询事项", "第三十六条第（七）项"),
    ReplyType("unable_1", _G4, "1.本机关不掌握相关政府信息", "第三十六条第（四）项、第（五）项"),
    ReplyType("unable_2", _G4, "2.没有现成信息需要另行制作", "第三十八条"),
    ReplyType("unable_3", _G4, "3.补正后申请内容仍不明确", "第三十条"),
    ReplyType("reject_1", _G5, "1.信访举报投诉类申请", "第三十九条第一款"),
    ReplyType("reject_2", _G5, "2.重复申请", "第三十六条第（六）项"),
    ReplyType("reject_3", _G5, "3.要求提供公开出版物", "第三十九条第二款"),
    ReplyType("reject_4", _G5, "4.无正当理由大量反复申请", "第三十五条"),
    ReplyType("reject_5", _G5, "5.要求行政机关确认或重新出具已获取信息", "第三十九条"),
    ReplyType(
        "other_1",
        _G6,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "第三十条",
    ),
    ReplyType(
        "other_2",
        _G6,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "第四十二条",
    ),
    ReplyType("other_3", _G6, "3.其他", "第三十六条"),
)
REPLY = {r.code: r for r in REPLY_TYPES}


def reply_type(code: str) -> ReplyType:
    try:
        return REPLY[code]
    except KeyError:
        raise InvalidInput(
            f"没有这种答复类型：{code!r}（unknown reply type; one of {', '.join(REPLY)}）"
        ) from None


def applicant_type(code: str) -> ApplicantType:
    try:
        return ApplicantType(code)
    except ValueError:
        raise InvalidInput(
            f"没有这种申请人类型：{code!r}"
            f"（unknown applicant type; one of {', '.join(ApplicantType)}）"
        ) from None


class ConsultationKind(StrEnum):
    THIRD_PARTY = "third_party"  # 第三十二条
    AGENCY = "agency"  # 第三十四条


CONSULTATION_LABELS = {
    ConsultationKind.THIRD_PARTY: "征求第三方意见",
    ConsultationKind.AGENCY: "征求其他机关意见",
}
CONSULTATION_OUTCOMES = {"agreed": "同意公开", "objected": "不同意公开", "no_answer": "逾期未答复"}


class RemedyKind(StrEnum):
    REVIEW = "review"  # 行政复议
    LITIGATION = "litigation"  # 行政诉讼：未经复议直接起诉
    LITIGATION_AFTER_REVIEW = "litigation_after_review"  # 行政诉讼：复议后起诉


REMEDY_LABELS = {
    RemedyKind.REVIEW: "行政复议",
    RemedyKind.LITIGATION: "行政诉讼（未经复议直接起诉）",
    RemedyKind.LITIGATION_AFTER_REVIEW: "行政诉讼（复议后起诉）",
}
#: Table 四's columns, in order; None is 尚未审结.
REMEDY_OUTCOMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果"}
