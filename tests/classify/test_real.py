"""The suggestion on material nobody on the team wrote: items labelled by the agencies
themselves (../shared/data/classify/train.jsonl) and documents the State Council
published on its website (tests/data/classify_real). The targets are the issue's.

The agency items were read while the rules were written (the README says how that was
kept from fitting them); the State Council documents are for evaluation only."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from classify import suggest
from classify.dataset import load_corpus
from classify.evaluation import cross_validate, evaluate_suggestions
from core.datamodel import DisclosureAttribute
from tests.conftest import IN_CI

A = DisclosureAttribute
AGENCY = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "classify" / "train.jsonl"
REAL = Path(__file__).resolve().parents[1] / "data" / "classify_real"
MANIFEST = [json.loads(line) for line in (REAL / "manifest.jsonl").read_text("utf-8").splitlines()]
TEXTS = REAL / "texts" / "gov2019.jsonl"

if not AGENCY.is_file() and IN_CI:
    raise RuntimeError(f"CI must have the agency-labelled items at {AGENCY}")
needs_agency = pytest.mark.skipif(not AGENCY.is_file(), reason=f"no agency data at {AGENCY}")


def marked(entry: dict) -> bool:
    """The document's own 附注 said 此件公开发布 (removed before suggesting)."""
    return any("此件" in line for line in entry["removed"])


@pytest.fixture(scope="module")
def agency():
    return load_corpus(AGENCY)


@needs_agency
def test_agency_labelled_items_meet_the_targets(agency):
    metrics = evaluate_suggestions(agency)
    assert metrics["documents"] == 60
    assert metrics["accuracy"] >= 0.80
    assert metrics["macro_f1"] >= 0.70
    assert metrics["article_14_suggested_proactive"] == 0
    # Every attribute is found at least once: none is given up to reach the average.
    assert all(c["recall"] > 0 for c in metrics["per_class"].values())


UNSEEN = Path(__file__).resolve().parents[1] / "data" / "classify_agency" / "items.jsonl"


def test_agency_items_from_other_sites_stay_where_they_were_measured():
    """41 agency-labelled items from 26 sites the seed set has none of, collected after
    the rules were written (tests/data/classify_agency/README.md). First look, rules
    alone: accuracy 0.561, macro F1 0.470, 3 第十四条 items suggested 主动公开. Their misses
    were then studied and rules added for what they showed (a 规划许可证 is no plan; one
    project's permit or papers is an individual matter; 稳评, police operations and marked
    exam scripts as 第十四条; a draft published for comment): 0.829, 0.815, 1. The set is
    dev now; this keeps the figures from falling back."""
    metrics = evaluate_suggestions(load_corpus(UNSEEN))
    assert metrics["documents"] == 41
    assert metrics["accuracy"] >= 0.82
    assert metrics["macro_f1"] >= 0.80
    assert metrics["article_14_suggested_proactive"] <= 1


SECOND = Path(__file__).resolve().parents[1] / "data" / "classify_agency2" / "items.jsonl"


def test_the_second_agency_set_stays_where_it_was_measured():
    """36 agency-labelled items from 25 further sites (tests/data/classify_agency2). First
    look, rules alone: accuracy 0.583, macro F1 0.537, 4 第十四条 items suggested 主动公开;
    after its misses were studied: 0.750, 0.718, 3. Dev now; this keeps the figures."""
    metrics = evaluate_suggestions(load_corpus(SECOND))
    assert metrics["documents"] == 36
    assert metrics["accuracy"] >= 0.75
    assert metrics["macro_f1"] >= 0.71
    assert metrics["article_14_suggested_proactive"] <= 3


THIRD = Path(__file__).resolve().parents[1] / "data" / "classify_agency3" / "items.jsonl"


def test_the_third_agency_set_unseen_does_not_get_worse():
    """26 agency-labelled items from 13 further sites (tests/data/classify_agency3),
    measured once and not studied: accuracy 0.654, macro F1 0.390, 2 第十四条 items
    suggested 主动公开. Its misses stay unread; this only keeps it from falling back."""
    metrics = evaluate_suggestions(load_corpus(THIRD))
    assert metrics["documents"] == 26
    assert metrics["accuracy"] >= 0.65
    assert metrics["macro_f1"] >= 0.38
    assert metrics["article_14_suggested_proactive"] <= 2


@needs_agency
def test_every_article_14_item_is_withheld_with_a_14_ground(agency):
    items = [x for x in agency if (x.article or "").startswith("第十四条")]
    assert len(items) == 6
    for item in items:
        suggestion = suggest(item.document, short=True)
        assert suggestion.attribute == A.WITHHELD
        assert suggestion.ground.article == "第十四条"


@needs_agency
def test_cross_validation_compares_model_rules_and_both_on_the_same_folds(agency):
    cv = cross_validate(agency, folds=5, seed=0)
    sizes = {k: cv[k]["documents"] for k in ("model", "rules", "suggestion")}
    assert sizes == {"model": 60, "rules": 60, "suggestion": 60}
    # The rules need no training: pooled over the folds they score as on the whole set.
    assert cv["rules"]["accuracy"] == evaluate_suggestions(agency)["accuracy"]
    # The model alone learns something from 48 items: better than always 主动公开.
    assert cv["model"]["accuracy"] > 32 / 60
    for part in ("model", "rules", "suggestion"):
        matrix = cv[part]["confusion_matrix"]["rows_true_columns_predicted"]
        assert [sum(row) for row in matrix] == [32, 5, 23]


def test_real_titles_of_documents_published_with_their_marking():
    # Titles alone (short texts), the marking nowhere: the 30 documents whose 附注 read
    # 此件公开发布. All 60 are listed in the manifest; the figure for all is in the README.
    titles = [m["title"] for m in MANIFEST if marked(m)]
    assert len(titles) == 30
    proactive = sum(suggest(t).attribute == A.PROACTIVE for t in titles)
    assert proactive / len(titles) >= 0.95


@pytest.mark.skipif(
    not TEXTS.is_file(),
    reason=f"no texts at {TEXTS}: they are committed (16 of the 60, read through the search "
    "index) or rebuilt by tests/data/classify_real/build.py",
)
def test_real_documents_published_proactively_markings_cut():
    # What is committed: the documents of the manifest that the search tool's index holds
    # (README.md says which); a rebuild from the snapshot writes all 60, the same way.
    lines = [json.loads(line) for line in TEXTS.read_text("utf-8").splitlines()]
    corpus = load_corpus(TEXTS)
    ids = [line["id"] for line in lines]
    by_id = {m["id"]: m for m in MANIFEST}
    assert ids == [i for i in by_id if i in set(ids)], "ids unknown, repeated or out of order"
    for line in lines:
        entry = by_id[line["id"]]
        assert hashlib.sha256(line["text"].encode("utf-8")).hexdigest() == line["sha256"]
        assert line["sha256"] in (entry["sha256"], entry.get("snapshot_sha256"))
        assert line["removed"] == entry["removed"]
    flagged = [marked(by_id[i]) for i in ids]
    suggestions = [suggest(item.document) for item in corpus]
    assert not any("此件公开发布" in item.document.text for item in corpus)
    with_marking = [s for s, f in zip(suggestions, flagged, strict=True) if f]
    assert with_marking, "no document that carried 此件公开发布 among the texts"
    share = sum(s.attribute == A.PROACTIVE for s in with_marking) / len(with_marking)
    assert share >= 0.95
    # None of them is a 第十四条 case: a suggestion that withholds one must not say so.
    assert not any(s.ground and s.ground.article == "第十四条" for s in suggestions)
