"""The real-document dev set (tests/data/real) is sound, and its scoring is right.

No accuracy thresholds for the detector here: the lead adds them as detection improves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.real_devset import (
    CATEGORIES,
    DATA,
    DOC_KINDS,
    KEEP_KINDS,
    Item,
    Labelled,
    Span,
    covered,
    find_all,
    label_problems,
    load_devset,
    occurrence_spans,
    report,
    score_document,
    summarise,
)

DOCS = load_devset("all")


def test_enough_documents_with_sources():
    dev = [d for d in DOCS if d.split == "dev"]
    holdout = [d for d in DOCS if d.split == "holdout"]
    assert len(dev) >= 45, len(dev)
    assert len(holdout) >= 15, len(holdout)
    assert all(d.source for d in DOCS)
    assert all(d.meta.get("retrieved_with") for d in DOCS)


def test_every_text_has_its_labels_and_every_label_its_text():
    texts = {p.stem for p in DATA.glob("*.txt")}
    labels = {p.stem for p in DATA.glob("*.yaml")}
    assert texts == labels


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_labels_fit_their_document(doc: Labelled):
    assert label_problems(doc) == []
    assert doc.kind in DOC_KINDS
    assert all(i.tag in CATEGORIES for i in doc.must_redact)
    assert all(i.tag in KEEP_KINDS for i in doc.must_keep)
    assert doc.text.strip(), "empty document"
    if doc.excerpt:
        assert len(doc.text) >= 300, "an excerpt this short says too little"


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_nothing_is_both_redacted_and_kept(doc: Labelled):
    """The same occurrence cannot be both removed and kept."""
    redact = {s for i in doc.must_redact for s in occurrence_spans(doc.text, i)}
    keep = {s for i in doc.must_keep for s in occurrence_spans(doc.text, i)}
    assert not redact & keep


def test_label_problems_are_found():
    bad = Labelled(
        name="bad",
        text="当事人王小明，住某市某路1号。王小明",
        source="",
        kind="memo",
        split="train",
        excerpt=False,
        must_redact=(
            Item("王小明", "person_name", (3,)),
            Item("李四", "person_name"),
            Item("某市某路1号", "street"),
        ),
        must_keep=(Item("某市", "county"),),
    )
    problems = label_problems(bad)
    assert "no source" in problems
    assert "unknown kind 'memo'" in problems
    assert "unknown split 'train'" in problems
    assert "'王小明' occurs 2 times, labels (3,)" in problems
    assert "'李四' does not occur" in problems
    assert "'某市某路1号': unknown category 'street'" in problems
    assert "'某市': unknown keep kind 'county'" in problems


def test_occurrences_are_counted_left_to_right_without_overlap():
    assert find_all("aaaa", "aa") == [(0, 2), (2, 4)]
    assert find_all("张三李四张三", "张三") == [(0, 2), (4, 6)]
    assert occurrence_spans("张三李四张三", Item("张三", "person_name", (2,))) == [(4, 6)]


def test_coverage_needs_every_character():
    assert covered(2, 6, [(0, 4), (4, 6)])
    assert covered(2, 6, [(4, 7), (1, 4)])
    assert not covered(2, 6, [(0, 4), (5, 6)])
    assert not covered(2, 6, [(3, 6)])
    assert not covered(2, 6, [])


# A tiny hand-made example, its figures worked out by hand below.
TEXT = "当事人张小明，身份证号110101199003071234，住某县某村3组。执法人员李强。张小明签收。"
# Spans (end exclusive): 张小明 3..6 and 45..48, the ID 11..29, the address 31..37, 李强 42..44.
MUST_REDACT = (
    Item("张小明", "person_name"),  # occurrences at 3 and 45
    Item("110101199003071234", "id_card"),  # at 11
    Item("某县某村3组", "address"),  # at 31
)
MUST_KEEP = (Item("李强", "official"),)  # at 42


def test_hand_made_example_spans():
    assert TEXT[3:6] == "张小明" and TEXT[45:48] == "张小明"
    assert TEXT[11:29] == "110101199003071234"
    assert TEXT[31:37] == "某县某村3组"
    assert TEXT[42:44] == "李强"


def test_hand_made_example_scores():
    findings = [
        Span(3, 6, "redact", "person_name", "张小明"),  # first name mention: redacted
        Span(11, 29, "redact", "id_card"),  # the ID: redacted
        Span(31, 34, "review", "address"),  # 某县某: only half the address, for review
        Span(42, 44, "redact", "person_name", "李强"),  # the official: wrongly redacted
        Span(45, 48, "review", "person_name"),  # second mention: review only
        Span(0, 3, "keep", "organization"),  # kept: not a decision
    ]
    s = score_document("x", "penalty_decision", "dev", TEXT, MUST_REDACT, MUST_KEEP, findings)
    # Four must-redact occurrences: 张小明 ×2, the ID, the address.
    assert s.redact_items == 3 and s.redact_total == 4
    # Fully covered by redact: the first 张小明 and the ID.
    assert s.by_redact == 2
    # By redact or review: also the second 张小明; the address is only half covered.
    assert s.by_redact_or_review == 3
    assert [(leak["text"], leak["category"]) for leak in s.leaks] == [("某县某村3组", "address")]
    # 李强 (official) is overlapped by a redact finding.
    assert s.keep_total == {"official": 1} and s.keep_redacted == {"official": 1}
    # Three redact findings, two overlap a must-redact occurrence.
    assert s.redact_findings == 3 and s.redact_right == 2
    assert [w["text"] for w in s.wrong_redactions] == ["李强"]
    # Decisions: redact or review findings, the kept one excluded: 5.
    assert s.decisions == 5

    o = summarise([s])
    assert o["recall_redact"] == 0.5  # 2 / 4
    assert o["recall_redact_or_review"] == 0.75  # 3 / 4
    assert o["leaks"] == 1 and o["identifier_leaks"] == 0
    assert o["over_redaction"] == 1.0
    assert o["precision_redact"] == round(2 / 3, 4)

    rep = report([s])
    assert rep["by_kind"]["penalty_decision"]["documents"] == 1
    assert rep["documents"][0]["decisions"] == 5


def test_identifier_leaks_are_counted_apart():
    findings = [Span(3, 6, "redact", "person_name")]
    s = score_document("y", "penalty_decision", "dev", TEXT, MUST_REDACT, MUST_KEEP, findings)
    o = summarise([s])
    # Leaks: the second 张小明, the ID, the address; only the ID is an identifier.
    assert o["leaks"] == 3
    assert o["identifier_leaks"] == 1
    assert o["leaks_by_category"] == {"person_name": 1, "id_card": 1, "address": 1}
    assert o["precision_redact"] == 1.0
    assert o["over_redaction"] == 0.0


def test_no_findings_means_no_precision_figure():
    s = score_document("z", "news", "dev", TEXT, (), MUST_KEEP, [])
    o = summarise([s])
    assert o["precision_redact"] is None
    assert o["recall_redact"] is None
    assert o["over_redaction"] == 0.0


def test_data_directory_is_the_one_in_the_repository():
    assert Path(__file__).resolve().parent.parent / "data" / "real" == DATA
