"""The disclosure policy: for each finding, redact, review or keep — and why.

Data, not code, decides: the word lists and per-category defaults come from a YAML
file the office can edit (``redact/conf/policy.yaml`` by default). The rules below only
say in which order those lists are consulted:

1. the office's allow-list keeps a term;
2. what does not identify a person (places, organisations, credit codes) is kept;
3. anything next to a private party's role (当事人, 申请人, 身份证 …) is redacted;
4. an agency's contact details (landline, e-mail, address next to 咨询电话, 办公地址 …)
   are kept;
5. a name with an official title, or in a "组长：…" line, is kept; an agency's 联系人
   is offered for review;
6. otherwise the category's default, softened to review below the score threshold.

Where cues for both sides are near a finding, the nearest one decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.datamodel import PRIVACY_BASIS, Action, Category, ElementName
from core.errors import GongkaiError

DEFAULT_POLICY = Path(__file__).resolve().parent / "conf" / "policy.yaml"


class PolicyError(GongkaiError):
    code = "invalid_policy"


@dataclass(frozen=True)
class Decision:
    action: Action
    reason: str
    legal_basis: str | None


@dataclass(frozen=True)
class Policy:
    redact_threshold: float
    categories: dict[Category, Action]
    official_titles: tuple[str, ...] = ()
    contact_titles: tuple[str, ...] = ()
    private_roles: tuple[str, ...] = ()
    agency_context: tuple[str, ...] = ()
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
    ) -> Decision:
        """``before``/``after``: the characters around the finding; ``line_prefix``: its
        block from the start up to it; ``element``: the GB/T 9704 element it sits in."""
        basis = PRIVACY_BASIS if category.personal else None
        if text in self.allow_list:
            return Decision(Action.KEEP, "在本机关的允许公开名单中", None)
        default = self.categories.get(category, Action.REVIEW)
        if not category.personal:
            return Decision(default, f"{category.label}，不指向个人", None)
        before, after = before[-self.window_before :], after[: self.window_after]
        if category == Category.PERSON_NAME and (kept := self._in_office(line_prefix, element)):
            return kept
        # Where cues for both sides are near (a 局长 signing a decision about a 当事人),
        # the nearest one speaks for the finding.
        role = _nearest(self.private_roles, before, after)
        friendly, reason = None, ""
        if category == Category.PERSON_NAME:
            friendly = _nearest(self.official_titles, before, after)
            reason = f"履职信息（{friendly[0]}）" if friendly else ""
        elif category in {Category.LANDLINE_PHONE, Category.EMAIL, Category.ADDRESS}:
            friendly = _nearest(self.agency_context, before, after)
            reason = (
                f"机关公开的联系方式（{friendly[0]}）" if friendly else ""
            )
        if friendly and (role is None or friendly[1] < role[1]):
            return Decision(Action.KEEP, reason, None)
        if role is not None:
            return Decision(Action.REDACT, f"属于私人当事方（{role[0]}）", basis)
        contact = _nearest(self.contact_titles, before, after)
        if contact and category in {Category.PERSON_NAME, Category.MOBILE_PHONE}:
            whose = "联系人" if category == Category.PERSON_NAME else "联系人手机"
            return Decision(
                Action.REVIEW, f"机关的{whose}（{contact[0]}），请确认", basis
            )
        if default == Action.REDACT and score < self.redact_threshold:
            return Decision(Action.REVIEW, f"把握不大（得分 {score:.2f}），请确认", basis)
        return Decision(default, f"{category.label}，{_DEFAULT_REASON[default]}", basis)

    def _in_office(self, line_prefix: str, element: ElementName | None) -> Decision | None:
        """A name the document itself places in office: its 签发人 or 署名, or one in a
        line headed by a title ("组长：李明、王强", "局长：张志强")."""
        if element in {ElementName.SIGNER, ElementName.ISSUER_SIGNATURE}:
            return Decision(Action.KEEP, f"文件的{element.label}，履职信息", None)
        line = re.split(r"[\n。；;]", line_prefix)[-1]
        heading = re.match(r"\s*([\u4e00-\u9fff ]{1,10}?)\s*[:：]", line)
        if heading and (title := _first_in(self.official_titles, heading.group(1))):
            where = heading.group(1).strip()
            return Decision(Action.KEEP, f"列于“{where}”下，履职信息（{title}）", None)
        return None


_DEFAULT_REASON = {
    Action.REDACT: "个人信息，不予公开（第十五条）",
    Action.REVIEW: "可能是个人信息，请确认",
    Action.KEEP: "可以公开",
}


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


def load_policy(path: Path | None = None) -> Policy:
    path = path or DEFAULT_POLICY
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise PolicyError(f"cannot read the policy file {path}: {exc}") from exc
    try:
        categories = {Category(k): Action(v) for k, v in (raw.get("categories") or {}).items()}
        words = {
            key: tuple(str(w) for w in raw.get(key) or ())
            for key in (
                "official_titles",
                "contact_titles",
                "private_roles",
                "agency_context",
                "allow_list",
                "deny_list",
            )
        }
        return Policy(
            redact_threshold=float(raw.get("redact_threshold", 0.75)),
            categories=categories,
            official_titles=words["official_titles"],
            contact_titles=words["contact_titles"],
            private_roles=words["private_roles"],
            agency_context=words["agency_context"],
            allow_list=frozenset(words["allow_list"]),
            deny_list=words["deny_list"],
        )
    except (ValueError, TypeError, AttributeError) as exc:
        raise PolicyError(f"the policy file {path} is not valid: {exc}") from exc
