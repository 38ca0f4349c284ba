"""Language data the rule extractors share: month stems, case endings, time and duration words.

Kept apart from the extractors (like spaCy's `lang/<code>/` data files) so a linguist can extend
the lists without reading any regex machinery. Every string here is lower-case.
"""
from __future__ import annotations

#: Kazakh lower-case letters (Cyrillic + the nine Kazakh letters); case endings are written with them.
KK_LOWER = "а-яёәғқңөұүһі"
KK_UPPER = "А-ЯЁӘҒҚҢӨҰҮҺІ"

#: Kazakh month stems -> month number. Stems ending in к/қ voice before a vowel ending
#: (`қыркүйек` -> `қыркүйегінде`), so both forms are listed.
KK_MONTHS = {
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қыркүйег": 9, "қазан": 10, "қараша": 11,
    "желтоқсан": 12,
}

#: Russian month names in every case the documents use, and common abbreviations.
RU_MONTHS = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "февр": 2, "март": 3, "мар": 3, "апрел": 4,
    "апр": 4, "ма": 5, "май": 5, "мая": 5, "мае": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8,
    "сентябр": 9, "сен": 9, "сент": 9, "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11,
    "нояб": 11, "декабр": 12, "дек": 12,
}

#: Kazakh ablative endings ("from"): the first date of a range carries one (`16 мамырдан`).
KK_ABLATIVE = ("дан", "ден", "тан", "тен", "нан", "нен")
#: Kazakh dative endings ("to"): the second date of a range (`25 маусымға дейін`).
KK_DATIVE = ("ға", "ге", "қа", "ке", "на", "не", "а", "е")
#: Postpositions closing a range or an upper bound ("until").
KK_UNTIL = ("дейін", "шейін", "таман")

#: Ordinal endings after a hyphen (`3-ші`, `50-ші`, `1-інші`): ordinals are not quantities.
KK_ORDINAL_ENDINGS = ("ші", "шы", "інші", "ыншы", "нші", "ншы")

#: Case and possessive endings that may follow a number after a hyphen, with or without spaces
#: around it (`400-ге`, `200 - ден`, `1830-ы`). Longest first so the regex takes whole endings.
KK_NUMBER_ENDINGS = tuple(sorted({
    "ы", "і", "сы", "сі", "ін", "ын", "н",
    "ға", "ге", "қа", "ке", "на", "не", "а", "е",
    "да", "де", "та", "те", "нда", "нде",
    "дан", "ден", "тан", "тен", "нан", "нен",
    "ны", "ні", "ды", "ді", "ты", "ті",
    "ның", "нің", "дың", "дің", "тың", "тің",
    "мен", "бен", "пен", "дай", "дей", "тай", "тей",
    "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    "сына", "сіне", "сында", "сінде", "сынан", "сінен", "сының", "сінің", "сымен", "сімен",
    "ына", "іне", "ында", "інде", "ынан", "інен", "ының", "інің", "ымен", "імен",
    "еу", "ау", "еуі", "ауы", "еуін", "ауын",
}, key=lambda s: (-len(s), s)))

#: Words after a number that make it a duration (IGNORE in the guidelines: `2 айға`, `20 жылдан`).
KK_DURATION_STEMS = ("жыл", "ай", "күн", "апта", "тәулік", "сағат", "минут", "секунд", "ғасыр")

#: Approximators after a number, and the qualifier each gives (`30-дан астам`, `400-ге жуық`).
KK_APPROX_AFTER = {
    "астам": "more_than", "артық": "more_than", "аса": "more_than", "жуық": "about",
    "шамасында": "about", "шамасы": "about", "дейін": "up_to", "шейін": "up_to",
    "асатын": "more_than", "асқан": "more_than", "асып": "more_than", "астамы": "more_than",
    "шақты": "about", "қаралы": "about", "шамалы": "about", "мөлшерінде": "about", "төңірегінде": "about",
}
#: Approximators before a number (`шамамен 400`, `кем дегенде 30`).
KK_APPROX_BEFORE = {"шамамен": "about", "шамасы": "about", "кем дегенде": "more_than", "кемінде": "more_than", "тағы": None}
#: Endings that make the number itself approximate (`500-дей адам`, `жүздей`: "about 500/100").
KK_APPROX_ENDINGS = ("дай", "дей", "тай", "тей")

#: Words after `№ N` that make it a camp unit, not a document (`№ 2 лагерь бөлімшесі`).
UNIT_STEMS = (
    "лагер", "лагпункт", "лагот", "бөлімше", "бөлім", "пункт", "колонна", "шахта", "учаск",
    "отделени", "лаготделени", "камер", "барак", "зона", "аймақ", "ерекше", "особ",
)
#: Words near `№ N` that make it a document number (`№ 60 жеделхатта`, `телеграмма № 71`).
DOC_STEMS = (
    "жеделхат", "хат", "бұйрық", "қаулы", "шешім", "нұсқау", "директива", "телеграмма",
    "баянда", "анықтама", "хаттама", "приказ", "телеграм", "письм", "распоряжени",
    "постановлени", "директив", "донесени", "докладн", "справк", "протокол", "шифр",
    "спецсообщени", "записк", "указ",
)

#: Offices and officials after `№ N ... ` that mark a document title, even next to a camp word
#: (`№ 030 дала лагері басқармасы бастығының` -- "No. 030 of the head of the camp administration").
ISSUER_STEMS = ("басқарма", "бастығ", "бастық", "управлени", "начальник", "министр", "прокурор")

#: Kazakh parts of the day before a clock time, and how they shift the hour (`кешкі 8-де` = 20:00).
KK_DAYPARTS = {
    "таңғы": "morning", "таңертеңгі": "morning", "күндізгі": "day", "түскі": "day",
    "түстен кейінгі": "day", "кешкі": "evening", "кешке": "evening", "түнгі": "night",
}
