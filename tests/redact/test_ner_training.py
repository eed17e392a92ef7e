"""``gongkai train ner`` end to end on a small slice of the corpora, and the tokenizer
the model reads through."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

import pytest
import spacy
from spacy.strings import hash_string

from redact.ner.model import load_ner
from redact.ner.tokenizer import END, NAME
from redact.ner.train import train_ner

NER_DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "ner"


def test_each_token_carries_its_bigram_and_the_string_store_does_not_grow():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": NAME}}})
    doc = nlp("张伟住在 北京")
    texts = [t.text for t in doc]
    assert texts == ["张", "伟", "住", "在", "北", "京"]  # the space is 在's trailing space
    assert [t.norm for t in doc] == [
        hash_string(a + b) for a, b in zip(texts, [*texts[1:], END], strict=True)
    ]
    nlp("鑫淼燚")
    # Only the hashes are kept: the store learns characters, never pairs of them.
    assert "鑫" in nlp.vocab.strings
    assert not {"张伟", "伟住", "鑫淼", "淼燚"} & set(nlp.vocab.strings)
    assert len(nlp("")) == 0


@pytest.mark.skipif(not NER_DATA.is_dir(), reason="../shared/data/ner is not beside the repo")
def test_training_writes_a_loadable_model_with_its_card(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for name, lines in (("msra_train.jsonl", 300), ("msra_dev.jsonl", 100)):
        with (NER_DATA / name).open(encoding="utf-8") as source:
            (data / name).write_text("".join(islice(source, lines)), encoding="utf-8")
    out = tmp_path / "model"
    meta = train_ner(data, out, corpora=["msra"], max_steps=30)

    assert meta["train_sentences"] == 300
    assert set(meta["metrics"]) == {"msra"}
    assert meta["metrics"]["msra"]["PER"]["support"] > 0
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "character bigram" in card and "| msra | PER |" in card
    assert "--max-steps 30" in card
    nlp = load_ner(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert nlp.tokenizer.__class__.__name__ == "CharBigramTokenizer"
    assert not (out / ".work").exists()
