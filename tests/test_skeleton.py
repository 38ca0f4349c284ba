"""The backbone: ingest, clean view, runner contract."""
import codecs

import pytest

from pipeline.ingest import IngestError, decode_bytes
from pipeline.textflow import make_view

KK = "1954 жылғы 18 мамырда Қарағандыдан дәрі-дәрмектер келді."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "kz1048"])
def test_decode_round_trips_common_encodings(encoding):
    data = KK.encode(encoding)
    text, _ = decode_bytes(data, "x.txt")
    assert text == KK


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_decode_russian_single_byte(encoding):
    ru = "Телеграмма 71 Министра внутренних дел С.Н. Круглова, 3 июня 1954 г."
    text, enc = decode_bytes(ru.encode(encoding), "x.txt")
    assert text == ru
    assert enc == encoding


def test_binary_input_names_the_file():
    with pytest.raises(IngestError) as exc:
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "picture.txt")
    assert "picture.txt" in str(exc.value)


def test_clean_view_maps_back_across_hyphenation_and_breaks():
    original = "Қажетті дәрі-\nдәрмектер  бар.\nЖезқазған\u00ad\nға"
    view = make_view(original)
    assert view.text == "Қажетті дәрі-дәрмектер бар. Жезқазғанға"
    cs = view.text.index("дәрі-дәрмектер")
    s, e = view.to_original(cs, cs + len("дәрі-дәрмектер"))
    assert original[s:e] == "дәрі-\nдәрмектер"
    cs = view.text.index("Жезқазғанға")
    s, e = view.to_original(cs, cs + len("Жезқазғанға"))
    assert original[s:e] == "Жезқазған\u00ad\nға"
