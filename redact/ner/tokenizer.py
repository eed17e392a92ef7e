"""Character tokens that also carry the character bigram they start.

A Chinese name or place is read from pairs of characters as much as from single ones
(张 alone is a surname or a verb; 张伟 is a name). spaCy's zh tokenizer gives one token per
character; this one also stores in each token's NORM the hash of that character joined
to the next, so the embedding can hash bigrams beside characters (``attrs`` in
``ner.cfg``). Only the hash is stored: a long-running worker's string store does not
grow with every pair of characters it ever reads.
"""

from __future__ import annotations

import numpy
from spacy.attrs import NORM
from spacy.lang.zh import ChineseTokenizer
from spacy.strings import hash_string
from spacy.util import registry

#: Joined to the last character of a text, which has no successor.
END = "\u2403"

NAME = "gongkai.zh_char_bigrams.v1"


class CharBigramTokenizer(ChineseTokenizer):
    def __call__(self, text: str):
        doc = super().__call__(text)
        words = [token.text for token in doc] + [END]
        bigrams = [hash_string(words[i] + words[i + 1]) for i in range(len(doc))]
        return doc.from_array([NORM], numpy.array(bigrams, dtype="uint64").reshape(-1, 1))


@registry.tokenizers(NAME)
def create_char_bigram_tokenizer():
    def make(nlp):
        return CharBigramTokenizer(nlp.vocab, segmenter="char")

    return make
