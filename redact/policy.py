"""The disclosure policy: for each finding, redact, review or keep — and why.

Data, not code, decides: the word lists, the per-category defaults and the rules per
document kind come from a YAML file the office can edit (``redact/conf/policy.yaml``).
The rules below only say in which order they are consulted:

1. the office's allow-list keeps a term;
2. what does not identify a person (places, organisations, credit codes) is kept;
3. what an agency already masked (张某某, 4301**********1234) is kept — unless the mask
   leaves too much visible, then it is offered for review;
4. a name: the document's 签发人 or 署名 is kept; the role word before it decides
   (被告人 → redact, 审判长 → keep, a 代理人 by what follows him); a title-headed line
   (组 长：…), a title right before or after (副县长周学东, 陈建平同志) or the wording of an
   appointment (任命…为) keeps it; otherwise the document's kind decides (a 公示's names
   are kept, a judgment's redacted);
5. other personal data: next to a private party's role (当事人, 住址 …) it is redacted;
   an agency's contact details (咨询电话, 办公地址 …) and an organisation's address
   (住所地) are kept; an agency's 联系人 and his mobile are offered for review;
6. otherwise the category's default, softened to review below the score threshold.

Where cues for both sides are near a finding, the nearest one decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.datamodel import PRIVACY_BASIS, Action, Category, ElementName
from core.errors import GongkaiError
from redact.kinds import DocumentKind
from redact.names import is_masked, squeeze

DEFAULT_POLICY = Path(__file__).resolve().parent / "conf" / "policy.yaml"

#: Reasons a reviewer reads, by how a decision was reached.
KEEP_MASKED = "已去标识化"


class PolicyError(GongkaiError):
    code = "invalid_policy"


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str
    legal_basis: str | None
    #: How firmly the document itself says so (a role word, a title) — a firm decision
    #: on one mention of a name speaks for all of them (``redact.mentions``).
    firm: bool = False
    #: Firm only because of what the document is (a judgment's names are parties): what
    #: a role or a title says of the same name, elsewhere in it, outweighs it.
    by_kind: bool = False

    @property
    def strength(self) -> int:
        """0 not firm, 1 firm by the document's kind, 2 firm by the words around it."""
        return 0 if not self.firm else 1 if self.by_kind else 2


@dataclass(frozen=True)
class KindRule:
    """What a document kind makes of the findings nothing else decided, and why."""

    reason: str
    actions: Mapping[Category, Action]


@dataclass(frozen=True)
class Policy:
    redact_threshold: float
    categories: Mapping[Category, Action]
    official_titles: tuple[str, ...] = ()
    titles_after: tuple[str, ...] = ()
    contact_titles: tuple[str, ...] = ()
    private_roles: tuple[str, ...] = ()
    private_labels: tuple[str, ...] = ()
    agency_context: tuple[str, ...] = ()
    organisation_address: tuple[str, ...] = ()
    appointment_words: tuple[str, ...] = ()
    descriptive_roles: tuple[str, ...] = ()
    honour_words: tuple[str, ...] = ()
    name_roles: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    agent_official: tuple[str, ...] = ()
    kinds: Mapping[DocumentKind, KindRule] = field(default_factory=dict)
    allow_list: frozenset[str] = field(default_factory=frozenset)
    deny_list: tuple[str, ...] = ()
    window_before: int = 16
    window_after: int = 6

    def decide(
        self,
        *,
        category: Category,
        text: str,
        score: float,
        before: str,
        after: str,
        line_prefix: str,
        element: ElementName | None,
        kind: DocumentKind = DocumentKind.NOTICE,
        facts: Mapping[str, object] | None = None,
    ) -> Decision:
        """``before``/``after``: the characters around the finding; ``line_prefix``: its
        block from the start up to it; ``element``: the GB/T 9704 element it sits in;
        ``kind``: the document's kind; ``facts``: what the recogniser knew (a role
        word, a mask)."""
        facts = facts or {}
        basis = PRIVACY_BASIS if category.personal else None
        if squeeze(text) in self.allow_list or text in self.allow_list:
            return Decision(Action.KEEP, "在本单位的允许名单中", None, firm=True)
        default = self.categories.get(category, Action.REVIEW)
        if not category.personal:
            return Decision(default, f"{category.label}：不指向个人", None)
        if facts.get("masked") or (
            category in {Category.PERSON_NAME, Category.ADDRESS} and is_masked(text)
        ):
            if facts.get("too_much"):
                return Decision(Action.REVIEW, f"已去标识化，但{facts['too_much']}：请确认", basis)
            return Decision(Action.KEEP, KEEP_MASKED, None)
        before = squeeze(before)[-self.window_before :]
        rest = squeeze(after)  # all of it: a certificate number after a name is long
        after = rest[: self.window_after]
        if category == Category.PERSON_NAME:
            return self._name(
                text, score, before, after, rest, line_prefix, element, kind, facts, basis
            )
        if category == Category.MOBILE_PHONE and (title := self._official_line(line_prefix)):
            reason = f"列在公务人员（{title}）名下公布的手机：请确认是否为工作电话"
            return Decision(Action.REVIEW, reason, basis)
        return self._other(category, text, before, after, score, default, kind, basis, facts)

    # -- names ---------------------------------------------------------------------

    def _name(self, text, score, before, after, rest, line_prefix, element, kind, facts, basis):
        if element in {ElementName.SIGNER, ElementName.ISSUER_SIGNATURE}:
            return Decision(Action.KEEP, f"文件的{element.label}：履职信息", None, firm=True)
        role = facts.get("role")
        rule = self.kinds.get(kind)
        by_kind = rule.actions.get(Category.PERSON_NAME) if rule is not None else None
        descriptive = facts.get("cue") in self.descriptive_roles
        honour = next((w for w in self.honour_words if after.startswith(w)), None)
        if honour and (role is None or descriptive):
            return Decision(
                Action.KEEP, f"姓名后为“{honour}”：评选、表彰的公示对象", None, firm=True
            )
        if descriptive and kind == DocumentKind.GONGSHI and by_kind == Action.KEEP:
            role = None  # 村民 describes a 公示's subject; the kind decides below
        if role is None and facts.get("particulars") and by_kind != Action.KEEP:
            # 赖杏兰，女，1955年6月出生: a natural person introduced with his particulars
            # (a 公示 or an appointment announces its officials so, and keeps them; a
            # notice may do either, so there it is asked).
            reason = "姓名后列有性别、出生年月等：自然人的个人信息（第十五条）"
            if by_kind == Action.REVIEW:
                return Decision(Action.REVIEW, f"{reason}，请确认", basis)
            return Decision(Action.REDACT, reason, basis, firm=True)
        if role is not None:
            return self._by_role(
                str(facts["cue"]),
                str(role),
                str(facts.get("clause", "")),
                str(facts.get("party", "")),
                basis,
            )
        if before.endswith(("(", "（")) and rest[:1] in (")", "）") and not rest[1:].strip():
            # (段卓君) closing a news item or a notice: its author's credit.
            return Decision(Action.KEEP, "文末括注的署名：履职信息", None, firm=True)
        if _CERTIFICATE.match(rest):
            return Decision(Action.KEEP, "姓名后是执法证号：执法人员，履职信息", None, firm=True)
        if kept := self._in_office(line_prefix):
            return kept
        title_after = next((t for t in self.titles_after if after.startswith(t)), None)
        if title_after:
            return Decision(Action.KEEP, f"姓名后有“{title_after}”：履职信息", None, firm=True)
        # A role word after the next comma is the next party's (…的委托代理人申键，第三人
        # 越新石业有限公司): only one in the name's own clause is his.
        private = _nearest(self.private_roles, before, re.split(r"[，,。；;、]", after)[0])
        official = _nearest(self.official_titles, before, after)
        appointment = _nearest(self.appointment_words, before[-8:], "")
        if appointment and (private is None or appointment[1] < private[1]):
            return Decision(
                Action.KEEP, f"任免表述（{appointment[0]}）中的公务人员：履职信息", None, firm=True
            )
        if official and (private is None or official[1] < private[1]):
            return Decision(
                Action.KEEP,
                f"以公务身份出现（{official[0]}）：履职信息",
                None,
                firm=official[1] <= 1,
            )
        if private is not None:
            return Decision(
                Action.REDACT, f"属于私人当事方（近“{private[0]}”）（第十五条）", basis, firm=True
            )
        contact = _nearest(self.contact_titles, before, after)
        if contact:
            return Decision(Action.REVIEW, f"单位的联系人（近“{contact[0]}”）：请确认", basis)
        if by_kind is not None:
            action = by_kind
            if action == Action.REDACT and score < self.redact_threshold:
                return Decision(
                    Action.REVIEW, f"{kind.label}：可能是人名（得分 {score:.2f}），请确认", basis
                )
            # The kind speaks for every mention: a judgment's party is a party throughout.
            firm = action != Action.REVIEW
            return Decision(
                action, f"{kind.label}：{rule.reason}", _basis(action), firm=firm, by_kind=True
            )
        return Decision(Action.REDACT, "姓名：个人信息，不予公开（第十五条）", basis)

    def _by_role(self, cue: str, role: str, clause: str, party: str, basis) -> Decision:
        if role == "private":
            return Decision(Action.REDACT, f"“{cue}”：私人当事方（第十五条）", basis, firm=True)
        if role == "alias":
            return Decision(
                Action.REDACT, f"“{cue}”：当事人的另一姓名（第十五条）", basis, firm=True
            )
        if role == "official":
            return Decision(Action.KEEP, f"“{cue}”：履职信息", None, firm=True)
        # An agent: a lawyer or an organisation's staff acts in his office; a relative
        # or friend is as private as the party. What follows the next party's role word
        # (…委托代理人孙志刚,被上诉人公安振安分局) is that party's, not his.
        clause = _own_clause(clause, self.name_roles.get("private", ()))
        if any(w in clause for w in self.agent_official):
            return Decision(
                Action.KEEP, f"“{cue}”（律师或单位工作人员）：履职信息", None, firm=True
            )
        if _ORGANISATION.search(party) and not re.search(r"系.{0,8}之|亲属|近亲", clause):
            return Decision(Action.KEEP, f"“{cue}”（单位的代理人）：履职信息", None, firm=True)
        if re.match(r"[男女]|.{0,12}(?:出生|住|系)", clause):
            return Decision(
                Action.REDACT, f"“{cue}”（当事人的亲友）：私人信息（第十五条）", basis, firm=True
            )
        return Decision(Action.REVIEW, f"“{cue}”：请确认是律师还是亲友", basis)

    def _official_line(self, line_prefix: str) -> str | None:
        """The title a line of a list opens with, where no private role is on it:
        县政府副县长 王成军 15882900002 (a county's published list of its leaders)."""
        line = squeeze(re.split(r"[\n。；;]", line_prefix)[-1])
        title = _first_in(self.official_titles, line[:16])
        return title if title and _first_in(self.private_roles, line) is None else None

    def _in_office(self, line_prefix: str) -> Decision | None:
        """A name in a line headed by a title ("组 长：李明、王强", "局长：张志强")."""
        line = re.split(r"[\n。；;]", line_prefix)[-1]
        heading = re.match(r"\s*([\u4e00-\u9fff\s]{1,16}?)\s*[:：]", line)
        if heading and (title := _first_in(self.official_titles, squeeze(heading.group(1)))):
            where = squeeze(heading.group(1))
            return Decision(Action.KEEP, f"列于“{where}”之下：履职信息（{title}）", None, firm=True)
        return None

    # -- other personal data -------------------------------------------------------

    def _other(self, category, text, before, after, score, default, kind, basis, facts) -> Decision:
        # What the address recogniser learnt of whose the address is decides it.
        if facts.get("county_only"):
            reason = "住址只写到县（区）一级，一般不足以识别个人：请确认是否删除"
            return Decision(Action.REVIEW, reason, basis)
        if facts.get("person_business"):
            reason = "自然人当事人的经营地址在住宅楼内，可能也是住处：请确认"
            return Decision(Action.REVIEW, reason, basis)
        if facts.get("natural_person"):
            reason = "自然人当事人的住所：个人信息，不予公开（第十五条）"
            return Decision(Action.REDACT, reason, basis)
        if category == Category.ADDRESS and (lodging := _LODGING.search(text)):
            # A hotel room where something happened is nobody's home.
            reason = f"{lodging.group()}等经营场所的地址，一般不是住址：请确认"
            return Decision(Action.REVIEW, reason, basis)
        rule = self.kinds.get(kind)
        year_month = not re.search(r"\d\s*[日曰]|[-./]\d{1,2}[-./]\d", text)  # 出生年月 only
        if category == Category.BIRTH_DATE and rule and year_month:
            action = rule.actions.get(Category.BIRTH_DATE)
            if action is not None:
                return Decision(action, f"{kind.label}：{rule.reason}", _basis(action))
        names_kept = rule is not None and rule.actions.get(Category.PERSON_NAME) == Action.KEEP
        if category == Category.ADDRESS and names_kept and not _HOUSEHOLD.search(text):
            # 典史村村民陈进梅被列入候选人: the village of a person the document exists to
            # name, not a household's address.
            reason = f"{kind.label}中所列人员所在的村镇（未到组、门牌）：请确认"
            return Decision(Action.REVIEW, reason, basis)
        role = _nearest(self.private_roles + self.private_labels, before, after)
        friendly, reason = None, ""
        if category == Category.ADDRESS:
            friendly = _nearest(self.organisation_address, before, "")
            reason = f"单位的地址（近“{friendly[0]}”）" if friendly else ""
        if friendly is None and category in {
            Category.LANDLINE_PHONE,
            Category.EMAIL,
            Category.ADDRESS,
        }:
            friendly = _nearest(self.agency_context, before, after)
            reason = f"单位公开的联系方式（近“{friendly[0]}”）" if friendly else ""
        if friendly and (role is None or friendly[1] < role[1]):
            return Decision(Action.KEEP, reason, None)
        if role is not None:
            return Decision(Action.REDACT, f"属于私人当事方（近“{role[0]}”）（第十五条）", basis)
        contact = _nearest(self.contact_titles, before, after)
        if contact and category == Category.MOBILE_PHONE:
            return Decision(Action.REVIEW, f"单位联系人的手机（近“{contact[0]}”）：请确认", basis)
        if default == Action.REDACT and score < self.redact_threshold:
            return Decision(Action.REVIEW, f"把握不大（得分 {score:.2f}）：请确认", basis)
        return Decision(default, f"{category.label}：{_DEFAULT_REASON[default]}", basis)


#: What makes an address a household's: a group, a number, a flat.
_HOUSEHOLD = re.compile(r"\d|[组队屯号室栋幢]|单元|社区|小区")

#: An officer's law-enforcement certificate number right after his name: 孔皓源(2507103003),
#: 照日格图(执法证号05071197053), 解国旭(R280400162), 胡旺杰(湘09001700106) — not a mobile
#: number, and at most one letter or province before the digits (not QQ…, 工号…).
_CERTIFICATE = re.compile(
    r"[（(](?:执法证(?:件)?号?(?:码)?[:：]?)?(?!1[3-9]\d{9}[）)])[A-Z\u4e00-\u9fff]?\d{6,14}[）)]"
    # (or the label alone, where a copy blanked the number: 谢昌文(执法证号__-__1))
    r"|[（(]执法证(?:件)?号"
)

#: Lodgings open to the public: a room in one is where something happened, not a home.
_LODGING = re.compile(r"酒店|宾馆|旅馆|旅社|旅店|招待所|客栈")

#: An organisation's name: its agent acts for it, not for himself.
_ORGANISATION = re.compile(
    r"公司|有限|集团|银行|商行|厂|合作社|医院|学校|中心|委员会|政府|局|事务所"
)

_DEFAULT_REASON = {
    Action.REDACT: "个人信息，不予公开（第十五条）",
    Action.REVIEW: "可能是个人信息：请确认",
    Action.KEEP: "可以公开",
}


def _basis(action: Action) -> str | None:
    return PRIVACY_BASIS if action != Action.KEEP else None


def _first_in(words: tuple[str, ...], text: str) -> str | None:
    return next((w for w in words if w in text), None)


def _nearest(words: tuple[str, ...], before: str, after: str) -> tuple[str, int] | None:
    """The word closest to the finding, with the number of characters between them."""
    best: tuple[str, int] | None = None
    for word in words:
        at = before.rfind(word)
        if at >= 0 and (best is None or len(before) - (at + len(word)) < best[1]):
            best = (word, len(before) - (at + len(word)))
        at = after.find(word)
        if at >= 0 and (best is None or at < best[1]):
            best = (word, at)
    return best


_WORD_LISTS = (
    "official_titles",
    "titles_after",
    "contact_titles",
    "private_roles",
    "private_labels",
    "agency_context",
    "organisation_address",
    "appointment_words",
    "descriptive_roles",
    "honour_words",
    "agent_official",
    "allow_list",
    "deny_list",
)


def _own_clause(clause: str, roles: tuple[str, ...]) -> str:
    """``clause`` up to where a separator opens the next party's role."""
    cuts = [m.start() for r in roles if (m := re.search(rf"[，,；;、]\s*{re.escape(r)}", clause))]
    return clause[: min(cuts)] if cuts else clause


def load_policy(path: Path | None = None) -> Policy:
    path = path or DEFAULT_POLICY
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"无法读取策略文件 {path}：{exc}") from exc
    try:
        categories = {Category(k): Action(v) for k, v in (raw.get("categories") or {}).items()}
        words = {key: tuple(str(w) for w in raw.get(key) or ()) for key in _WORD_LISTS}
        roles = {
            str(kind): tuple(str(w) for w in ws or ())
            for kind, ws in (raw.get("name_roles") or {}).items()
        }
        kinds = {
            DocumentKind(k): KindRule(
                str(v.get("reason", "")),
                {Category(c): Action(a) for c, a in v.items() if c != "reason"},
            )
            for k, v in (raw.get("kinds") or {}).items()
        }
        return Policy(
            redact_threshold=float(raw.get("redact_threshold", 0.75)),
            categories=categories,
            official_titles=words["official_titles"],
            titles_after=words["titles_after"],
            contact_titles=words["contact_titles"],
            private_roles=words["private_roles"],
            private_labels=words["private_labels"],
            agency_context=words["agency_context"],
            organisation_address=words["organisation_address"],
            appointment_words=words["appointment_words"],
            descriptive_roles=words["descriptive_roles"],
            honour_words=words["honour_words"],
            name_roles=roles,
            agent_official=words["agent_official"],
            kinds=kinds,
            allow_list=frozenset(words["allow_list"]),
            deny_list=words["deny_list"],
        )
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        raise PolicyError(f"策略文件 {path} 不正确：{exc}") from exc
