"""Places: China's divisions with their hierarchy, the world's countries and cities."""

from __future__ import annotations

import datetime as dt
import functools
import zipfile
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT

from baoku.indexes import build_indexes
from baoku.model import Article
from baoku.subjects import analyse
from baoku.subjects.extract import Extractor
from baoku.subjects.gazetteer import generate
from baoku.subjects.lexicon import load_lexicon
from baoku.subjects.places import gazetteer


@functools.cache
def extractor() -> Extractor:
    return Extractor(load_lexicon(CONTENT)[0])


def places(body: str, title: str = "") -> tuple[str, ...]:
    item = Article(id="t/1", path="articles/t/1.md", title=title, date=dt.date(2023, 5, 4), body=body)
    return extractor().facts(item).places


def test_a_special_region_s_short_forms_are_merged_into_its_full_name() -> None:
    assert places("澳门特区政府与澳门特别行政区立法会,以及澳门各界人士。") == ("澳门特别行政区",)
    assert places("香港特区行政长官表示,香港将继续") == ("香港特别行政区",)


@pytest.mark.parametrize(("body", "expected"), [
    ("北京市朝阳区望京街道的居民说,朝阳区的新公园开放了。", ("北京市朝阳区", "北京市")),
    ("长春市朝阳区人民法院审结一起案件。", ("长春市", "长春市朝阳区")),
    ("兰州市城关区开展垃圾分类。", ("兰州市", "兰州市城关区")),
    ("重庆江北区的轻轨站与江北区政府", ("重庆市江北区", "重庆市")),
    ("宁波市江北区举办马拉松。", ("宁波市", "宁波市江北区")),
])
def test_a_district_name_several_cities_share_is_resolved_by_the_city_the_text_names(
        body: str, expected: tuple[str, ...]) -> None:
    assert places(body) == expected


def test_a_shared_district_name_without_its_city_is_left_out_not_merged() -> None:
    assert places("朝阳区、城关区和江北区的代表发言。") == ()


def test_a_shared_district_name_with_two_candidate_cities_named_is_left_out() -> None:
    assert places("北京、长春两地,朝阳区都在推进。") == ("北京市", "长春市")


@pytest.mark.parametrize("line", [
    "大中城市的房价趋稳", "无人区科考队出发", "非上市公司的股权", "大型超市延长营业时间",
    "小城镇建设与特色小镇", "沿海地区和内陆地区",
])
def test_phrases_jieba_tags_as_places_are_not_places(line: str) -> None:
    assert places(line) == ()


def test_countries_and_their_cities_are_places_with_full_names_merged() -> None:
    assert places("本报东京5月3日电 日本政府宣布,东京都将") == ("东京", "日本")
    assert places("美利坚合众国国务院发言人称,美国将与德国、法国协调") == ("美国", "德国", "法国")


def test_china_africa_is_not_the_central_african_republic() -> None:
    assert places("中非合作论坛部长级会议在达喀尔举行,塞内加尔总统出席。") == ("达喀尔", "塞内加尔")
    assert places("中非共和国总统访华") == ("中非共和国",)


def test_short_names_of_provinces_and_prefectures_count_but_not_of_counties() -> None:
    assert places("广东、广州两地与嘉定区合作;嘉定的企业") == ("广东省", "广州市", "嘉定区")


def test_a_prefecture_short_name_that_is_an_ordinary_word_does_not_count() -> None:
    assert places("东方既白,白银价格上涨") == ()
    assert places("海南省东方市") == ("海南省", "东方市")


def test_the_editor_s_list_wins_and_stop_words_hide_the_home_city() -> None:
    # content/subjects/places.txt lists 万柏林 → 万柏林区; 太原 and 山西 are stop words there.
    assert places("万柏林与太原市、山西省") == ("万柏林区",)


def test_the_gazetteer_has_every_province_and_at_least_150_countries_and_cities() -> None:
    kinds: dict[str, int] = {}
    for place in gazetteer().places.values():
        kinds[place.kind] = kinds.get(place.kind, 0) + 1
    assert kinds["province"] == 34 and kinds["city"] > 330 and kinds["county"] > 2700
    assert kinds["country"] >= 190 and kinds["foreign-city"] >= 150


def test_a_place_is_described_by_its_place_in_the_hierarchy() -> None:
    assert gazetteer().describe("北京市朝阳区") == "北京市辖县级行政区。"
    assert gazetteer().describe("东京") == "日本城市。"
    assert gazetteer().describe("法国") == "国家。"
    assert gazetteer().describe("无人区") == ""


def test_the_gazetteer_is_generated_from_jionlp_s_data_files(tmp_path: Path) -> None:
    china = ("北京市\t110000\t北京\n\t北京市\t110000\t北京\n\t\t朝阳区\t110105\t朝阳\n"
             "\t\t\t望京街道\n\t\t市辖区\t110100\n"
             "吉林省\t220000\t吉林\n\t长春市\t220100\t长春\n\t\t朝阳区\t220104\t朝阳\n"
             "\t\t长春经济技术开发区\t220171\n\t\t城区\t220199\n")
    with zipfile.ZipFile(tmp_path / "china_location.zip", "w") as archive:
        archive.writestr("china_location.txt", china)
    (tmp_path / "world_location.txt").write_text(
        "亚洲:\n中国\t中华人民共和国\t北京\t上海\n日本\t日本国\t东京\t大阪/冲绳\n"
        "刚果(金)\t刚果民主共和国\t金沙萨\n", encoding="utf-8")
    rows = [line.split("\t") for line in generate(tmp_path).splitlines() if not line.startswith("#")]
    assert rows == [
        ["110000", "province", "北京市", "北京", ""], ["110105", "county", "朝阳区", "", "110000"],
        ["220000", "province", "吉林省", "吉林", ""], ["220100", "city", "长春市", "长春", "220000"],
        ["220104", "county", "朝阳区", "", "220100"],
        ["w-000", "country", "日本", "日本国", ""], ["w-000-001", "foreign-city", "东京", "", "w-000"],
        ["w-000-002", "foreign-city", "大阪", "", "w-000"],
        ["w-003", "country", "刚果（金）", "刚果民主共和国", ""],
        ["w-003-004", "foreign-city", "金沙萨", "", "w-003"]]


MAJOR = ("美国", "俄罗斯", "日本", "德国", "法国", "英国", "印度", "巴西", "韩国", "意大利",
         "加拿大", "澳大利亚", "西班牙", "墨西哥", "印度尼西亚", "沙特", "土耳其", "南非",
         "埃及", "阿根廷")

STORIES = (
    "新华社华盛顿3月2日电 美国国会众议院当天就预算案举行表决。",
    "本报莫斯科3月2日电 俄罗斯总统在克里姆林宫会见来访的外国领导人。",
    "本报东京3月2日电 日本气象厅发布樱花开花预测,东京将于下旬开花。",
    "新华社柏林3月2日电 德国联邦统计局公布的数据显示,德国通胀率回落。",
    "本报巴黎3月2日电 法国多地举行罢工,巴黎公共交通受到影响。",
    "新华社伦敦3月2日电 英国央行宣布维持基准利率不变。",
    "本报新德里3月2日电 印度铁路部门宣布开通新的高速列车线路。",
    "新华社巴西利亚3月2日电 巴西政府宣布扩大亚马孙雨林保护区。",
    "本报首尔3月2日电 韩国统计厅公布,韩国出生率再创新低。",
    "新华社罗马3月2日电 意大利议会通过新的移民法案。",
    "本报渥太华3月2日电 加拿大多地遭遇暴风雪,航班取消。",
    "新华社堪培拉3月2日电 澳大利亚东部山火得到控制。",
    "本报马德里3月2日电 西班牙足球甲级联赛第25轮,皇家马德里主场获胜。",
    "新华社墨西哥城3月2日电 墨西哥中部发生5.6级地震,暂无人员伤亡报告。",
    "本报雅加达3月2日电 印度尼西亚新首都建设进入第二阶段。",
    "新华社利雅得3月2日电 沙特阿拉伯与多国签署能源合作协议,沙特将扩大投资。",
    "本报安卡拉3月2日电 土耳其南部地震灾区重建工作全面展开。",
    "新华社约翰内斯堡3月2日电 南非电力公司宣布限电措施延长。",
    "本报开罗3月2日电 埃及苏伊士运河管理局公布上月通航数据。",
    "新华社布宜诺斯艾利斯3月2日电 阿根廷央行宣布上调利率。",
)


def test_at_least_8_of_20_major_countries_get_place_pages_from_datelined_stories() -> None:
    articles = tuple(Article(id=f"2023/03/03/{n:02d}", path=f"articles/2023/03/03/{n:02d}.md",
                             title=f"国际简讯{n}", date=dt.date(2023, 3, 3), body=body, order=n)
                     for n, body in enumerate(STORIES, 1))
    subjects, problems = analyse(articles, CONTENT, None, workers=1)
    assert problems == []
    pages = {term.name for term in build_indexes(articles, subjects).terms["place"]}
    assert [c for c in MAJOR if c not in pages] == []


def test_a_short_place_name_in_a_street_s_name_is_not_the_place() -> None:
    # 社区食堂位于桃园南路 (a line of the sample): a street, not 桃园市 in Taiwan.
    assert places("社区食堂位于桃园南路,广州路上的广州银行") == ("广州市",)
