"""The statistical NER: a spaCy pipeline trained here from ../shared/data/ner.

``corpus`` reads and maps the corpora, ``train`` trains and writes the model with its
card, ``evaluate`` scores a pipeline on any labelled file, ``model`` loads it once.
"""
