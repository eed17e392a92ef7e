"""The detection pass on real published documents (``tests/data/real``), with the
shipped NER: each failure class of issue 13 on the text where it was seen, and the
figures over the hand-labelled dev and holdout sets kept from falling back."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.real_devset import load_devset, report, run_document
from core.datamodel import Action, Category
from ingest import extract_bytes
from redact import build_detector
from redact.names import squeeze

REAL = Path(__file__).resolve().parents[1] / "data" / "real"


@pytest.fixture(scope="module")
def detector():
    return build_detector()


def findings_of(detector, name: str):
    document = extract_bytes((REAL / f"{name}.txt").read_bytes(), filename=f"{name}.txt")
    return document.text, detector.detect(document)


def decided(findings, text: str) -> set[Action]:
    """The actions of the findings over every mention of ``text`` (padding ignored)."""
    return {f.action for f in findings if squeeze(f.text) == squeeze(text)}


def test_a_private_party_is_redacted_in_every_mention(detector):
    """张爽 (a minor) is named 18 times; a role word stands before the name twice."""
    text, findings = findings_of(detector, "h2_judgment_civil_tongren_2018")
    mentions = [i for i in range(len(text)) if text.startswith("张爽", i)]
    covered = [
        i for i in mentions if any(f.start <= i and i + 2 <= f.end and f.action == Action.REDACT
                                   for f in findings)
    ]  # fmt: skip
    assert len(mentions) == 18 and covered == mentions


def test_court_roles_and_agents_in_real_layouts(detector):
    _, findings = findings_of(detector, "h2_judgment_civil_tongren_2018")
    for judge in ("吴 晓 慧", "张 红 芳", "张 金 勇", "郑 文"):  # 审 判 长 吴 晓 慧 …
        assert decided(findings, judge) == {Action.KEEP}, judge
    assert decided(findings, "张加顺") == {Action.KEEP}  # …律师事务所律师
    assert decided(findings, "赵朝忠") == {Action.KEEP}  # the insurer's employee
    assert decided(findings, "田春娥") == {Action.REDACT}


def test_village_addresses_run_to_their_group(detector):
    _, findings = findings_of(detector, "h2_judgment_civil_tongren_2018")
    addresses = {f.text for f in findings if f.category == Category.ADDRESS}
    assert "贵州省沿河土家族自治县中界乡龙兴村下寨组" in addresses
    assert "贵州省沿河土家族自治县和平镇团结街道文化路86号" in addresses
    # The insurer's registered seat (住所地) is an organisation's: not redacted.
    assert not any("南大街" in f.text and f.action == Action.REDACT for f in findings)


def test_appointment_wording_keeps_officials(detector):
    """任命陈建平为…, 接受龚举海同志辞去…职务, 免去周玲同志的…职务."""
    _, findings = findings_of(detector, "appointment_zhushan_2016_renda")
    for official in ("陈建平", "龚举海", "周玲", "方孝春"):
        assert Action.REDACT not in decided(findings, official), official


def test_a_gongshi_publishes_its_names(detector):
    _, findings = findings_of(detector, "gongshi_jingmen_laomo_2015")
    names = [f for f in findings if f.category == Category.PERSON_NAME]
    assert names and all(f.action == Action.KEEP for f in names)


def test_bylines_are_kept(detector):
    _, findings = findings_of(detector, "news_tongshan_anquan")
    assert decided(findings, "孟军") <= {Action.KEEP}


def test_already_masked_strings_are_kept_unless_too_much_shows(detector):
    _, findings = findings_of(detector, "penalty_transport_youxian_2025_092")
    by_text = {f.text: f for f in findings}
    assert by_text["43022319870929****"].action == Action.REVIEW  # the whole birth date
    assert "出生日期" in by_text["43022319870929****"].action_reason
    assert by_text["1532559****"].action == Action.REVIEW
    assert by_text["肖江仔"].action == Action.REDACT
    _, findings = findings_of(detector, "h2_judgment_criminal_taixing_2017")
    masked = [f for f in findings if f.text in ("王某", "张某", "范某", "何某")]
    assert masked and all(
        f.action == Action.KEEP and f.action_reason == "已去标识化" for f in masked
    )


def test_words_and_companies_are_not_names(detector):
    _, findings = findings_of(detector, "h2_judgment_criminal_longhua_2019")
    assert "陈述" not in {f.text for f in findings}  # 被害人陈述：
    _, findings = findings_of(detector, "ruling_sz_futian_2016_23278")
    assert not [f for f in findings if f.text.startswith("乐腾达")]  # 原告乐腾达（深圳）…公司


def test_no_organisation_or_place_is_a_decision(detector):
    for name in ("h2_judgment_civil_tongren_2018", "gongshi_jingmen_laomo_2015"):
        _, findings = findings_of(detector, name)
        assert all(f.category.personal for f in findings)


# -- the figures ------------------------------------------------------------------------
#
# Measured on this machine with the shipped NER (docs/benchmarks.md): dev must-redact
# recall 96.0 % (redact) and 98.0 % (redact or review), identifier leaks 0, must-keep
# items redacted 0.9 %, precision of redact 98.0 %. The bars below sit a little under
# them, so a change that makes detection worse on real documents fails here.


@pytest.fixture(scope="module")
def figures(detector):
    return {
        split: report([run_document(doc, detector) for doc in load_devset(split)])["overall"]
        for split in ("dev", "holdout")
    }


def test_dev_figures_hold(figures):
    dev = figures["dev"]
    assert dev["recall_redact"] >= 0.94
    assert dev["recall_redact_or_review"] >= 0.97
    assert dev["identifier_leaks"] == 0
    assert dev["over_redaction"] <= 0.03
    assert dev["precision_redact"] >= 0.95


def test_holdout_figures_hold(figures):
    """The holdout is never tuned on; this only keeps it from getting worse."""
    holdout = figures["holdout"]
    assert holdout["identifier_leaks"] == 0
    assert holdout["recall_redact_or_review"] >= 0.90
    assert holdout["over_redaction"] <= 0.05
    assert holdout["precision_redact"] >= 0.80


def test_a_reviewer_is_asked_little_beyond_the_personal_items(figures, detector):
    """Issue 13: a notice with six personal items asks ~10 decisions. On the real
    documents that are not judgments (notices, 公示, appointments, penalty decisions …),
    what the reviewer must decide stays within a few of what is personal in them."""
    for doc in load_devset("dev"):
        if doc.kind == "judgment":
            continue
        score = run_document(doc, detector)
        assert score.decisions <= score.redact_items + 4, doc.name
        assert score.distinct_decisions <= max(score.redact_items, 1) + 3, doc.name
