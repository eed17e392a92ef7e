"""What kind of document this is, for the policy: a 公示 exists to publish its names, a
judgment's parties are private, an appointment notice names officials in office.

Read from the title (the 标题 element, or the first lines) and the formulas each kind
is written with; the first rule that matches wins, so the specific kinds come first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from core.datamodel import Element, ElementName


class DocumentKind(StrEnum):
    JUDGMENT = "judgment"  # 判决书, 裁定书, 调解书 of a court
    PROSECUTION = "prosecution"  # 起诉书, 不起诉决定书 of a procuratorate
    PENALTY = "penalty_decision"  # 行政处罚决定书, 责令改正通知书 …
    REVIEW_DECISION = "review_decision"  # 行政复议决定书
    FOI_REPLY = "foi_reply"  # 政府信息公开申请答复书 / 告知书
    GONGSHI = "gongshi"  # 公示, 名单, 表彰 …: published to name people
    APPOINTMENT = "appointment"  # 任免, 任命, 免去
    LEADING_GROUP = "leading_group"  # 领导小组, 工作专班, 委员会 and their members
    NEWS = "news"  # 本报讯, 记者, 通讯员
    NOTICE = "notice"  # anything else an agency writes

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    DocumentKind.JUDGMENT: "裁判文书",
    DocumentKind.PROSECUTION: "检察文书",
    DocumentKind.PENALTY: "行政处罚决定书",
    DocumentKind.REVIEW_DECISION: "行政复议决定书",
    DocumentKind.FOI_REPLY: "政府信息公开申请答复书",
    DocumentKind.GONGSHI: "公示",
    DocumentKind.APPOINTMENT: "任免文件",
    DocumentKind.LEADING_GROUP: "领导小组（议事机构）文件",
    DocumentKind.NEWS: "新闻报道",
    DocumentKind.NOTICE: "通知公告",
}

#: (kind, pattern over the head of the document), most specific first.
_RULES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile("|".join(patterns)))
    for kind, patterns in (
        (DocumentKind.REVIEW_DECISION, [r"行政复议决定书", r"复议决定书"]),
        (DocumentKind.FOI_REPLY, [r"信息公开.{0,12}(?:答复|告知)书", r"依申请公开.{0,8}答复"]),
        (
            DocumentKind.JUDGMENT,
            [
                r"人民法院[\s\S]{0,60}(?:判决书|裁定书|调解书|决定书)",
                r"(?:刑事|民事|行政)(?:附带民事)?(?:判决|裁定)书",
                r"经审理查明|本院认为|公诉机关|审理终结|原审法院|一审法院|本院查明",
                # A civil or administrative judgment's opening: 原告：胡某某，男，…
                r"(?:原告|上诉人)[:：]?[^，,。\n]{1,24}[，,][男女][，,]",
            ],
        ),
        (DocumentKind.PROSECUTION, [r"人民检察院[\s\S]{0,60}(?:起诉书|决定书)", r"不起诉决定书"]),
        (
            DocumentKind.PENALTY,
            [
                r"(?:行政)?处罚决定书",
                r"责令.{0,8}(?:通知书|决定书)",
                r"处理决定书|处罚告知书",
                # A penalty's number (西农(渔政)罚〔2025〕1号), its facts, its party and officers.
                r"罚(?:决)?字?\s*[〔\[【(（]\s*(?:19|20)\d{2}|违法事实|"
                r"当事人[:：][\s\S]{0,200}(?:经调查|执法人员|我局|违法)|"
                r"执法人员[\s\S]{0,120}当事人",
            ],
        ),
        (
            DocumentKind.GONGSHI,
            [
                # A 公示 names its people; a procurement's or an inspection's does not.
                r"(?<!采购)(?<!需求)(?<!招标)(?<!中标)(?<!执法)(?<!集中)公示",
                r"拟录用|拟聘用|拟任|拟推荐|表彰(?!工作|活动|评比)",
                # A list of people honoured, chosen or hired — not any list (考察人员名单).
                r"(?:表彰|评选|推荐|录用|聘用|获奖|先进|拟|候选)[^，。\n]{0,16}名单",
                r"评审结果|评选结果|候选人",
            ],
        ),
        (
            DocumentKind.LEADING_GROUP,
            [
                r"领导小组|工作专班|工作小组|指挥部|联席会议",
                r"委员会.{0,6}(?:组成人员|成员)|成立.{0,20}(?:小组|委员会)",
            ],
        ),
        (
            DocumentKind.APPOINTMENT,
            [r"任免|任命|免去|免职|任职|人事任免|辞去|当选为?[^，。,]{0,20}(?:长|主任|主席|书记)"],
        ),
        (DocumentKind.NEWS, [r"本报讯|本网讯|记者|通讯员|责任编辑|来源[:：]|报道"]),
    )
)
#: How much of the document's start the kind is read from when there is no title.
_HEAD = 400


#: Parties of a case: a text naming them again and again is a judgment or its excerpt
#: (the facts of a case as published), whatever its head says.
_PARTIES = re.compile(r"被告人|被害人|公诉机关|上诉人|原审|被执行人|犯罪嫌疑人")
_PARTY_MENTIONS = 3


def document_kind(text: str, elements: Sequence[Element] = ()) -> DocumentKind:
    title = next((e.value for e in elements if e.name == ElementName.TITLE), "")
    # Padding squeezed out (行 政 判 决 书), line breaks kept.
    head = re.sub(r"[ \t\u3000]+", "", f"{title}\n{text[:_HEAD]}")
    if len(_PARTIES.findall(text)) >= _PARTY_MENTIONS:
        for kind in (DocumentKind.REVIEW_DECISION, DocumentKind.PROSECUTION):
            if dict(_RULES)[kind].search(head):
                return kind
        return DocumentKind.JUDGMENT
    found = {kind: match for kind, pattern in _RULES if (match := pattern.search(head))}
    # An appointment that names a post its official held on a 指挥部 or 领导小组 is still
    # an appointment: the wording met first says what the document is.
    group, appointment = found.get(DocumentKind.LEADING_GROUP), found.get(DocumentKind.APPOINTMENT)
    if group and appointment and appointment.start() < group.start():
        del found[DocumentKind.LEADING_GROUP]
    return next(iter(found), DocumentKind.NOTICE)
