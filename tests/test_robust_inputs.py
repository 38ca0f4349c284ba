"""Decoding never garbles silently (issue 12): a bad-input corpus generated here, through the library and `jazba run`.

Invalid bytes, characters cut by `head -c`, short legacy files, BOMs, NULs, mixed line endings,
empty and whitespace-only files, huge lines, `?` where Kazakh letters were lost, `--encoding`.
"""
from __future__ import annotations

import codecs
import json
import re

import pytest

from pipeline.cli import main
from pipeline.ingest import IngestError, UTF8_MAX_INVALID_SHARE, decode, expand_inputs
from pipeline.runner import Pipeline, RunConfig

RULES = ["sentences", "kk.dates", "kk.times", "kk.docnums", "kk.numbers"]
KK = "1953 жылғы 5 қаңтарда Қарағандыдан 150-ден астам тұтқын әкелінді. Үй-жайлар, дәрі-дәрмектер жетпеді."
KK_LONG = (KK + " 1954 жылғы 16 мамырдан 25 маусымға дейін Кеңгірде көтеріліс болды. Сағат 15.00-де "
           "№ 0/460 бұйрық келді, 30-дан астам адам Жезқазғанға жіберілді.\n") * 3


def _id_shift(value, at: int):
    """Record ids and norms mention offsets (`doc:LABEL:start-end`): shift those after `at` by one."""
    if isinstance(value, str):
        return re.sub(r":(\d+)-(\d+)\b", lambda m: ":%d-%d" % tuple(int(x) + (int(x) >= at) for x in m.groups()), value)
    if isinstance(value, dict):
        return {k: _id_shift(v, at) for k, v in value.items()}
    if isinstance(value, list):
        return [_id_shift(v, at) for v in value]
    return value


# -- the done-criterion: the shared sample with one 0xFF byte ------------------------------------------
@pytest.mark.parametrize("components", [RULES, None], ids=["rules", "whole-pipeline"])
def test_sample_with_an_invalid_byte_gives_the_same_records(shared_dir, tmp_path, components):
    data = (shared_dir / "samples" / "kk" / "steplag_kengir_1954.txt").read_bytes()
    at = data.index(b"\n", len(data) // 2)  # between two lines, in the middle of the file
    (tmp_path / "clean").mkdir()
    (tmp_path / "damaged").mkdir()
    (tmp_path / "clean" / "sample.txt").write_bytes(data)
    (tmp_path / "damaged" / "sample.txt").write_bytes(data[:at] + b"\xff" + data[at:])
    pipeline = Pipeline(RunConfig(components=components))
    clean = pipeline.run([str(tmp_path / "clean")])
    damaged = pipeline.run([str(tmp_path / "damaged")])
    (doc_clean,), (doc_damaged,) = clean.documents, damaged.documents
    char_at = len(data[:at].decode("utf-8"))
    assert doc_damaged.text == doc_clean.text[:char_at] + "\ufffd" + doc_clean.text[char_at:]  # one for one
    assert damaged.warnings == [f"{tmp_path / 'damaged' / 'sample.txt'}: 1 invalid UTF-8 byte sequence(s) at "
                                f"byte offset(s) {at}, each replaced by U+FFFD"]
    assert doc_damaged.decoding == {"encoding": "utf-8", "method": "utf-8 with invalid bytes",
                                    "warnings": damaged.warnings}
    assert len(doc_clean.records) > 90
    expected = [_id_shift(dict(r.to_dict(), start=r.start + (r.start >= char_at), end=r.end + (r.end > char_at)),
                          char_at) for r in doc_clean.records]
    assert [r.to_dict() for r in doc_damaged.records] == expected


def test_cut_inside_a_character_is_one_replacement_and_a_warning():
    data = KK.encode("utf-8")
    cut = data.index("қ".encode()) + 1  # `head -c` in the middle of a two-byte letter
    dec = decode(data[:cut], "cut.txt")
    assert dec.encoding == "utf-8" and dec.text == KK[: len(data[: cut - 1].decode())] + "\ufffd"
    assert dec.warnings == [f"cut.txt: 1 invalid UTF-8 byte sequence(s) at byte offset(s) {cut - 1}, each replaced by U+FFFD"]


def test_a_few_invalid_bytes_anywhere_stay_utf8_with_every_offset_named():
    data = bytearray(KK_LONG.encode("utf-8"))
    for pos in (500, 200, 10):  # insert from the end so earlier offsets stay valid
        while (data[pos] & 0xC0) == 0x80:  # at a character boundary
            pos += 1
        data[pos:pos] = b"\xfe"
    dec = decode(bytes(data), "three.txt")
    assert dec.encoding == "utf-8" and dec.text.count("\ufffd") == 3
    assert dec.text.replace("\ufffd", "") == KK_LONG
    offsets = [i for i, b in enumerate(data) if b == 0xFE]
    assert dec.warnings == [f"three.txt: 3 invalid UTF-8 byte sequence(s) at byte offset(s) "
                            f"{', '.join(map(str, offsets))}, each replaced by U+FFFD"]


def test_stray_byte_in_ascii_text_is_not_a_code_page():
    dec = decode(b"Report 1954, page 3 \xff and more", "ascii.txt")
    assert dec.encoding == "utf-8" and dec.text == "Report 1954, page 3 \ufffd and more" and dec.warnings


# -- legacy code pages ----------------------------------------------------------------------------------
def test_105_byte_kz1048_file_decodes_correctly():
    text = (KK + " Жезқазған кенті.")[:105]
    data = text.encode("kz1048")
    assert len(data) == 105
    dec = decode(data, "short.txt")
    assert dec.encoding == "kz1048" and dec.text == text and dec.method == "statistics" and not dec.warnings
    assert "Қарағандыдан" in dec.text and "Ќараєандыдан" not in dec.text


@pytest.mark.parametrize("encoding", ["kz1048", "cp1251", "koi8_r"])
@pytest.mark.parametrize("size", [40, 60, 105, 300])
def test_short_legacy_windows_of_our_fixtures_decode_exactly(fixtures_dir, encoding, size):
    """Every window of `size` characters (stride 23) of our Kazakh and Russian fixtures, where it can be encoded."""
    texts = [(fixtures_dir / "kk_telegram_1152.txt").read_text("utf-8"), (fixtures_dir / "ru_telegram_1152.txt").read_text("utf-8"),
             (fixtures_dir / "ru_report_0917.txt").read_text("utf-8"), KK_LONG]
    tried = wrong = 0
    for text in texts:
        for start in range(0, max(1, len(text) - size), 23):
            piece = text[start:start + size]
            try:
                data = piece.encode(encoding)
            except UnicodeEncodeError:
                continue
            if sum(b >= 0x80 for b in data) < 8:
                continue
            tried += 1
            dec = decode(data, "w.txt")
            wrong += dec.text != piece
    assert tried >= 5
    assert wrong == 0, f"{wrong} of {tried} windows misread"


def test_russian_in_kz1048_or_cp1251_is_the_same_text():
    ru = (("Телеграмма № 71 от 3 июня 1954 г. Сов. секретно. В 3-м лагерном отделении волнения продолжаются."))
    for enc in ("cp1251", "kz1048"):
        assert decode(ru.encode(enc), "ru.txt").text == ru


def test_kazakh_saved_as_cp1251_warns_about_lost_letters():
    data = KK.encode("cp1251", errors="replace")  # what Notepad does: Kazakh letters become '?'
    dec = decode(data, "lost.txt")
    assert dec.text == data.decode("cp1251")
    assert any("lost.txt" in w and "'?' inside Cyrillic words" in w and "cp1251" in w for w in dec.warnings)
    assert not decode("Кто там? Никто. Что?\n".encode("utf-8"), "q.txt").warnings  # questions are not lost letters


def test_mixed_file_is_said_to_mix_encodings():
    data = ("Бірінші бөлім. " * 5).encode("utf-8") + ("Екінші бөлім жазылған. " * 20).encode("kz1048")
    dec = decode(data, "mixed.txt")
    assert dec.encoding == "kz1048" and any("mix encodings" in w for w in dec.warnings)
    assert UTF8_MAX_INVALID_SHARE < 0.5


def test_forced_encoding_is_used_and_reported():
    data = KK.encode("kz1048")
    dec = decode(data, "f.txt", encoding="cp1251")
    assert dec.encoding == "cp1251" and dec.method == "forced" and "Ќараєандыдан" in dec.text
    dec = decode(b"ab\xffcd", "f.txt", encoding="utf-8")
    assert dec.text == "ab\ufffdcd" and "byte offset(s) 2" in dec.warnings[0]


# -- BOMs, NULs, line endings, empty files, huge lines -------------------------------------------------
@pytest.mark.parametrize("bom_encoding,expected", [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-32", "utf-32")])
def test_boms(bom_encoding, expected):
    dec = decode(KK.encode(bom_encoding), "bom.txt")
    assert dec.text == KK and dec.encoding == expected and not dec.warnings


def test_bom_then_invalid_byte_names_the_file_offset():
    dec = decode(codecs.BOM_UTF8 + b"ab\xffcd", "b.txt")
    assert dec.text == "ab\ufffdcd" and "byte offset(s) 5" in dec.warnings[0]


def test_a_few_nuls_become_replacement_characters_with_a_warning():
    data = KK_LONG.encode("utf-8")
    at = data.index(b" ", 100)
    data = data[:at] + b"\x00" + data[at:]
    dec = decode(data, "nul.txt")
    assert "\x00" not in dec.text and dec.text.count("\ufffd") == 1 and len(dec.text) == len(KK_LONG) + 1
    assert dec.warnings == [f"nul.txt: 1 NUL byte(s) at byte offset(s) {at}, each replaced by U+FFFD"]


def test_binary_is_an_error_naming_the_file():
    with pytest.raises(IngestError, match=r"scan\.txt: binary data"):
        decode(b"\x00\x01\x02\x03PK\x03\x04" * 50, "scan.txt")


def test_empty_and_whitespace_files_are_documents_with_a_warning():
    assert decode(b"", "e.txt").warnings == ["e.txt: empty file"]
    assert decode(b" \n\t\r\n", "w.txt").warnings == ["w.txt: holds only whitespace"]


def test_mixed_line_endings_keep_offsets(tmp_path):
    text = "1954 жылғы 18\r\nмамырда 30-дан\rастам адам\n\rкелді.\r\n\r\n№ 0/460 хат\n"
    (tmp_path / "crlf.txt").write_bytes(text.encode("utf-8"))
    result = Pipeline(RunConfig(components=RULES, stages=[])).run([str(tmp_path / "crlf.txt")])
    (doc,) = result.documents
    assert doc.text == text
    assert {r.label for r in doc.records} >= {"DATE", "NUMBER", "DOCNUM"}
    for r in doc.records:
        assert text[r.start:r.end] == r.text


def test_huge_line(tmp_path):
    text = ("1954 жылғы 18 мамырда 30-дан астам адам келді, " * 20000)  # ~1 MB on one line
    (tmp_path / "huge.txt").write_text(text, encoding="utf-8")
    result = Pipeline(RunConfig(components=RULES, stages=[])).run([str(tmp_path / "huge.txt")])
    (doc,) = result.documents
    assert len([r for r in doc.records if r.label == "DATE"]) == 20000
    assert all(text[r.start:r.end] == r.text for r in doc.records)


def test_upper_case_extension_is_read(tmp_path):
    (tmp_path / "A.TXT").write_text(KK, encoding="utf-8")
    (tmp_path / "b.Txt").write_text(KK, encoding="utf-8")
    (tmp_path / "notes.md").write_text(KK, encoding="utf-8")
    assert sorted(p.rsplit("/", 1)[-1] for p in expand_inputs([str(tmp_path)])) == ["A.TXT", "b.Txt"]


def test_documents_jsonl_records_the_decision_and_warnings(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "old.txt").write_bytes(KK.encode("kz1048"))
    (tmp_path / "in" / "cut.txt").write_bytes(KK.encode("utf-8")[:-2])  # inside the last letter
    rc = main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet", "--no-store", "--components", *RULES])
    assert rc == 0
    docs = {d["doc_id"]: d for d in map(json.loads, (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines())}
    assert docs["old"]["decoding"] == {"encoding": "kz1048", "method": "statistics", "warnings": []}
    assert docs["old"]["text"] == KK
    assert docs["cut"]["decoding"]["method"] == "utf-8 with invalid bytes"
    assert "cut.txt: 1 invalid UTF-8" in docs["cut"]["decoding"]["warnings"][0]
    err = capsys.readouterr().err
    assert re.search(r"^jazba: warning: \S*cut\.txt: 1 invalid UTF-8 byte sequence\(s\) at byte offset\(s\) \d+", err, re.M)


def test_library_refuses_a_bad_config_up_front():
    from pipeline.runner import BadConfigError

    for config in (RunConfig(document_date="банан"), RunConfig(document_date="1954-13-45"),
                   RunConfig(components=["nope"]), RunConfig(encoding="klingon")):
        with pytest.raises(BadConfigError) as exc:
            Pipeline(config)
        assert isinstance(exc.value, ValueError) and "\n" not in str(exc.value)
    assert Pipeline(RunConfig(document_date="1954-06", components=RULES)).config.document_date == "1954-06"
