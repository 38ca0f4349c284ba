"""Sentence boundaries on PDF-extracted text: glued sentences split, abbreviations and initials kept."""
from pipeline.sentences import split_sentences


def _sents(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_glued_sentences_are_split():
    text = "Лагерь ашылды.Ол үлкен болды. Кеңгір кенті.1949 жылы жабылды."
    assert _sents(text) == ["Лагерь ашылды.", "Ол үлкен болды.", "Кеңгір кенті.", "1949 жылы жабылды."]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "1950 ж. мамырда тов. Губин мен С. Н. Круглов келді, т.б. адамдар да. Жиналыс 1950-1951 жж.1 сағат болды."
    assert _sents(text) == ["1950 ж. мамырда тов. Губин мен С. Н. Круглов келді, т.б. адамдар да.",
                            "Жиналыс 1950-1951 жж.1 сағат болды."]


def test_offsets_point_into_the_text_with_citations_and_paragraphs():
    text = "Көтеріліс басылды [9].\n\nКелесі жылы лагерь жабылды."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Көтеріліс басылды [9].", "Келесі жылы лагерь жабылды."]
