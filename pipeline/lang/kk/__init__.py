"""Kazakh for spaCy, laid out like spaCy's own `spacy/lang/<code>/` packages.

Registered through the `spacy_languages` entry point, so `spacy.blank("kk")` works once jazba is
installed. The tokenizer is tuned for PDF-extracted archival text: it splits glued sentences
(`алды.Ол`, `кенті.1948`, `жылданҮлкен`) but keeps document numbers, hyphenated words and words
with their case endings whole.
"""
from spacy.language import BaseDefaults, Language

from .lex_attrs import LEX_ATTRS
from .punctuation import TOKENIZER_INFIXES, TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
from .stop_words import STOP_WORDS
from .tokenizer_exceptions import TOKENIZER_EXCEPTIONS


class KazakhDefaults(BaseDefaults):
    tokenizer_exceptions = TOKENIZER_EXCEPTIONS
    prefixes = TOKENIZER_PREFIXES
    suffixes = TOKENIZER_SUFFIXES
    infixes = TOKENIZER_INFIXES
    lex_attr_getters = LEX_ATTRS
    stop_words = STOP_WORDS
    # Archival text has no URLs; spaCy's URL pattern is tried on every token and costs ~30% of
    # tokenisation time (`jazba bench`).
    url_match = None


class Kazakh(Language):
    lang = "kk"
    Defaults = KazakhDefaults


__all__ = ["Kazakh"]
