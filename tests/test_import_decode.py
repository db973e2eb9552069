"""Raw bytes to text: encodings detected (GB18030, GBK, Big5, UTF-16, UTF-8), stray controls removed."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baoku.importer.api import import_files
from baoku.importer.decode import UnreadableInput, decode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "content" / "sources" / "2022-07-28_000_7c0b0d6854007560.txt"
# An invented issue page of a Hong Kong paper, in traditional characters.
HONG_KONG = ("港鐵東涌線延線工程動工\n\n"
             "【本報訊】港鐵公司昨日宣布，東涌線延線工程正式動工，預計2029年通車，屆時東涌東站及東涌西站將投入服務。\n\n"
             "運輸及物流局局長表示，新站落成後，東涌居民往返市區的時間可縮短約十分鐘。（記者 陳嘉欣）\n\n"
             "天文台：本週後期天氣轉涼\n\n"
             "【本報訊】天文台預測，一股東北季候風將於週四抵達廣東沿岸，本港氣溫將下降至攝氏十八度左右。\n")


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("encode", "expected"), [
    (lambda t: t.encode("gb18030"), "gb18030"),
    (lambda t: t.encode("gbk"), "gb18030"),
    (lambda t: t.encode("utf-16"), "utf-16"),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    (lambda t: t.encode("utf-8"), "utf-8"),
], ids=["gb18030", "gbk", "utf-16", "utf-8 with BOM", "utf-8"])
def test_a_sample_issue_in_each_encoding_decodes_to_the_same_text(encode, expected):
    decoded = decode(encode(sample_text()), SAMPLE.name)
    assert (decoded.text, decoded.encoding) == (sample_text(), expected)


def test_a_big5_issue_is_decoded_as_big5_not_as_gb18030_garbage(tmp_path):
    data = HONG_KONG.encode("big5")
    assert data.decode("gb18030")  # the trap: Big5 bytes are valid GB18030 too
    decoded = decode(data, "2023-11-02.txt")
    assert (decoded.text, decoded.encoding) == (HONG_KONG, "big5")
    raw = tmp_path / "2023-11-02.txt"
    raw.write_bytes(data)
    import_files([raw], content=tmp_path / "content")
    article = (tmp_path / "content/articles/2023/11/02/01.md").read_text(encoding="utf-8")
    assert "title: 港鐵東涌線延線工程動工" in article and "縮短約十分鐘" in article


def test_a_simplified_issue_exported_as_big5_is_detected_too():
    text = sample_text().encode("big5", "ignore").decode("big5")  # what `iconv -c -t BIG5` leaves
    assert decode(text.encode("big5"), SAMPLE.name).encoding == "big5"


def test_bytes_too_short_to_tell_big5_from_gb18030_are_refused_naming_both():
    with pytest.raises(UnreadableInput) as refused:
        decode("聯席會".encode("big5"), "2022-07-29.txt")
    assert str(refused.value).startswith("2022-07-29.txt: cannot tell the encoding: it could be Big5 (confidence ")
    assert "or GB18030 (confidence " in str(refused.value)


def test_japanese_text_is_refused_naming_the_encoding_it_looks_like():
    data = "東京都は二十日、新型コロナウイルスの感染者が新たに確認されたと発表した。都内の累計は".encode("shift_jis")
    with pytest.raises(UnreadableInput, match=r"^tokyo\.txt: this looks like CP932 text \(confidence"):
        decode(data, "tokyo.txt")


def test_control_characters_other_than_newline_and_tab_are_removed_with_their_line():
    long = "市民政局消息,全市乡镇(街道)社工站建设稳步推进。" * 30
    raw = f"标题\n\n正文\t第一段。\f\n\n第二\x1b段\x85。\x7f\r\n结束\ufffe\n{long}\n"
    decoded = decode(raw.encode("utf-8"), "x.txt")
    assert decoded.text == f"标题\n\n正文\t第一段。\n\n第二段。\n结束\n{long}\n"
    assert decoded.removed == ((3, "U+000C (form feed)"), (5, "U+001B (escape)"), (5, "U+0085 (next line)"),
                               (5, "U+007F (delete)"), (6, "U+FFFE (non-character)"))


def test_an_imported_form_feed_is_left_out_of_the_article_and_named_in_the_review(tmp_path):
    raw = tmp_path / "2022-07-28.txt"
    raw.write_text("社保经办服务不停摆\n\n本报讯 全市各级社保经办机构\f积极构建线上服务流程。\v(李晓井)\n", encoding="utf-8")
    content = tmp_path / "content"
    result = import_files([raw], content=content)
    article = (content / "articles/2022/07/28/01.md").read_text(encoding="utf-8")
    assert "\f" not in article and "\v" not in article and "社保经办机构积极构建" in article
    review = (content / "review/2022-07-28.md").read_text(encoding="utf-8")
    assert "- line 3: removed the control character U+000C (form feed)" in review
    assert "- line 3: removed the control character U+000B (vertical tab)" in review
    assert result.cleaned[0] == "sources/2022-07-28.txt: line 3: removed the control character U+000C (form feed)"
    assert (content / "sources/2022-07-28.txt").read_bytes() == raw.read_bytes()  # the raw file stays as it was


@pytest.mark.parametrize(("data", "message"), [
    (b"  \n\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(1, 32)) * 4, "looks like binary data"),
    ("通知".encode() + b"\x00\x00", "contains NUL bytes"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "starts with a utf-8-sig byte-order mark but byte"),
])
def test_todays_refusals_still_name_the_file(data, message):
    with pytest.raises(UnreadableInput, match=f"^issue.txt: .*{message}"):
        decode(data, "issue.txt")


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=300),
                 st.text(max_size=200).map(lambda t: t.encode("utf-8")),
                 st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=60)
                 .flatmap(lambda t: st.sampled_from([t.encode("gb18030"), t.encode("big5", "ignore") or b"x"]))))
def test_any_bytes_give_clean_text_or_a_refusal_naming_the_file(data):
    try:
        decoded = decode(data, "fuzz.txt")
    except UnreadableInput as exc:
        assert str(exc).startswith("fuzz.txt: ")
        return
    assert not any(ch < " " and ch not in "\n\t" for ch in decoded.text)
    assert "\r" not in decoded.text and "\x85" not in decoded.text and "\ufffe" not in decoded.text
