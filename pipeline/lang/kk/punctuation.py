"""Prefix, suffix and infix rules, with extra infixes for PDF-extraction artefacts.

Splits: `алды.Ол` (a full stop glued to the next sentence), `кенті.1948`, `жылданҮлкен` (a lower-case
letter glued to a capital), `берілді,қашу` (a comma glued to the next word).
Keeps: `12.001`, `0/460`, `Т-34`, `үй-жайларымен`, `КСРО-ның`, `400-ге`, `15.00-де`.
"""
from spacy.lang.char_classes import (
    ALPHA, ALPHA_LOWER, ALPHA_UPPER, CONCAT_QUOTES, CURRENCY, LIST_ELLIPSES, LIST_ICONS,
    LIST_PUNCT, LIST_QUOTES, PUNCT,
)
from spacy.lang.punctuation import TOKENIZER_PREFIXES as BASE_PREFIXES

_KK_LOWER = "әғқңөұүһі"
_KK_UPPER = "ӘҒҚҢӨҰҮҺІ"
_LOWER = ALPHA_LOWER + _KK_LOWER
_UPPER = ALPHA_UPPER + _KK_UPPER
_ALPHA = ALPHA + _KK_LOWER + _KK_UPPER

TOKENIZER_PREFIXES = ["№"] + BASE_PREFIXES
# spaCy's base suffixes only split a final full stop after letters of its own alphabet list,
# which lacks the Kazakh letters (`ұсынбақ.` stayed one token), and try dozens of unit and
# currency patterns archival text never uses. Ours: punctuation, quotes, `%`, currency, and a
# full stop after a digit, a Kazakh/Russian/Latin lower-case letter, closing punctuation, or
# two capitals (`КСРО.`); abbreviations and initials keep theirs through the exceptions.
TOKENIZER_SUFFIXES = (
    LIST_PUNCT
    + LIST_ELLIPSES
    + LIST_QUOTES
    + ["—", "–", "%"]
    + [
        r"(?<=[0-9])\+",
        rf"(?<=[0-9])(?:{CURRENCY}|₸)",
        rf"(?<=[0-9{_LOWER}%²\-\+(?:{CONCAT_QUOTES}){PUNCT}])\.",
        rf"(?<=[{_UPPER}][{_UPPER}])\.",
    ]
)

TOKENIZER_INFIXES = (
    LIST_ELLIPSES
    + LIST_ICONS
    + [
        # a full stop glued between a word and the next sentence: алды.Ол, кенті.1948
        rf"(?<=[{_LOWER}]{{2}})\.(?=[{_UPPER}0-9])",
        # a lower-case letter glued to a capital (жылданҮлкен): split between them
        rf"(?<=[{_LOWER}]{{2}})(?=[{_UPPER}][{_LOWER}])",
        # a comma, semicolon or colon glued to the next word: берілді,қашу
        rf"(?<=[{_ALPHA}]),(?=[{_ALPHA}])",
        rf"(?<=[{_ALPHA}0-9])[;:](?=[{_ALPHA}])",
        # quotes glued inside words
        rf"(?<=[{_ALPHA}])[{CONCAT_QUOTES}](?=[{_ALPHA}])",
        # dashes (not hyphens) between words
        r"(?<=[{a}0-9])(?:–|—|--)(?=[{a}0-9])".format(a=_ALPHA),
    ]
)
