"""People and places in the text: precision over recall."""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pytest
from fixtures.subjects.samples import CONTENT, article, content_copy

from baoku.model import Article
from baoku.subjects.entities import promote
from baoku.subjects.extract import Extractor, Facts
from baoku.subjects.lexicon import load_lexicon


@functools.cache
def extractor() -> Extractor:
    return Extractor(load_lexicon(CONTENT)[0])


def facts(body: str, **fields: object) -> Facts:
    item = Article(id="t/1", path="articles/t/1.md", title=str(fields.pop("title", "")),
                   date=article("通告").date, body=body, **fields)  # type: ignore[arg-type]
    return extractor().facts(item)


@pytest.mark.parametrize(("line", "person"), [
    ("本报讯 市人社局党组书记、局长胡建林1月4日表示,市人社局要切实将思想统一", "胡建林"),
    ("9月20日,省政府新闻办举行新闻发布会,副市长蔡江泽出席", "蔡江泽"),
    ("省工信厅厅长潘海燕介绍,在三个维度精准发力支持太原发展先进制造业。", "潘海燕"),
    ("刘俊义认为,创新驱动实际上就是人才驱动。", "刘俊义"),
    ("“走,吃饭去!”上午7时许,75岁的刘广老人已经结束了晨练", "刘广"),
    ("第一次来南寨区域党群服务中心办事的居民李荣祥说:“我细细地阅读了", "李荣祥"),
    ("每周四上午10时的“约会时间”,社区党委副书记薛永生都会如期赴约", "薛永生"),
    ("今年2月,省委书记蓝佛安在省管主要领导干部专题研讨班上", "蓝佛安"),
])
def test_a_name_vouched_for_by_a_title_or_a_verb_of_speech_is_a_person(line: str, person: str) -> None:
    assert facts(line).people == (person,)


@pytest.mark.parametrize("line", [
    "退休前的贺文全是单位后勤部门的一名维修工,他退休后加入到社区党建微帮站",
    "坐在新南二社区食堂,丰富的早餐将刘桦的胃慢慢“唤醒”。",
    "古交市委组织部相关负责人说:“此次双方进行合作必将为推动古交榛子产业发展",
    "书记在会上说,要把工作做实。",
])
def test_a_name_nothing_vouches_for_is_left_out(line: str) -> None:
    assert facts(line).people == ()


def test_bylines_are_not_mentions() -> None:
    line = "省文旅厅厅长王爱琴表示,支持太原文旅康养产业融合发展。"
    assert facts(line).people == ("王爱琴",)
    assert facts(line, authors=("王爱琴",)).people == ()


def test_notices_name_no_people() -> None:
    notice = article("寻亲启事")
    assert "刘秀兰" in notice.body
    assert extractor().facts(notice).people == ()
    assert extractor().facts(dataclasses.replace(notice, kind="news")).people == ()  # no cue either


def test_people_are_ordered_by_mentions_then_first_mention() -> None:
    item = article("太原要在全省更好发挥龙头带动作用")
    assert extractor().facts(item).people == ("王利波", "蓝佛安")


def test_place_alias_is_merged_into_the_district() -> None:
    assert extractor().facts(article("万柏林550套人才公寓 年底交付入住")).places == ("万柏林区",)


def test_place_names_jieba_knows_are_recognised_by_their_administrative_ending() -> None:
    item = article("市疫情防控办提示 五地返(抵)并人员 要主动报备")
    assert extractor().facts(item).places == (
        "天津市", "西青区", "湖北省", "武汉市", "江夏区", "四川省", "内江市", "资中县",
        "广西壮族自治区", "南宁市", "玉林市", "玉州区")


def test_generic_regions_and_the_home_city_are_not_places() -> None:
    line = ("我市立足省会城市站位担当和“大城市小农业”市情农情,承接东部沿海地区外商制造业产业转移,"
            "太原市、山西省和全市各县市。")
    assert facts(line).places == ()


def test_places_are_ordered_by_mentions() -> None:
    item = article("265个病种分级诊疗暂停执行")
    assert extractor().facts(item).places == ("清徐县", "阳曲县", "娄烦县")
    line = "清徐县、阳曲县、娄烦县……阳曲小米,阳曲县"
    assert facts(line).places == ("阳曲县", "清徐县", "娄烦县")


def test_a_person_listed_in_people_txt_needs_no_cue(tmp_path: Path) -> None:
    content = content_copy(tmp_path / "content")
    (content / "subjects/people.txt").write_text("贺文全 : 劲松社区党建微帮站志愿者\n", encoding="utf-8")
    listed = Extractor(load_lexicon(content)[0])
    item = Article(id="t/1", path="p", title="", date=article("通告").date,
                   body="退休前的贺文全是单位后勤部门的一名维修工")
    assert listed.facts(item).people == ("贺文全",)


@pytest.mark.parametrize(("line", "person"), [
    ("新年前夕,国家主席习近平发表了新年贺词。", "习近平"),
    ("习近平会见来访的菲律宾总统。", "习近平"),
    ("全国人大常委会委员长栗战书出席对话会并致辞。", "栗战书"),
    ("外交部发言人汪文斌在例行记者会上答问。", "汪文斌"),
    ("速度滑冰运动员陈明哲打破全国纪录。", "陈明哲"),
])
def test_leaders_and_unknown_names_with_a_title_or_a_verb_of_office_are_people(line: str, person: str) -> None:
    assert facts(line).people == (person,)


@pytest.mark.parametrize("line", [
    "他向记者表示,项目进展顺利。",
    "练武这样说来,也是一种乐趣。",
    "严格落实市领导包联重点项目制度,每个项目都由一名市领导挂帅。",
    "开展党员领导干部纪律作风大整顿。",
])
def test_phrases_after_a_surname_character_are_not_people(line: str) -> None:
    assert facts(line).people == ()


def test_jiebas_hmm_keeps_a_name_of_three_single_characters_whole() -> None:
    assert facts("省生态环境厅厅长王帅红表示,省市联动开展提升空气质量行动。").people == ("王帅红",)


def test_a_name_vouched_for_once_counts_every_mention() -> None:
    found = facts("习近平4日在人民大会堂会见总统。习近平指出,双方要加强合作。习近平强调,要坚持睦邻友好。")
    assert found.people == ("习近平",)
    assert found.mentions == ()


def test_a_name_nothing_vouches_for_is_kept_as_a_mention() -> None:
    found = facts("习近平等党和国家领导人出席大会。习近平等在主席台就座。")
    assert found.people == ()
    assert found.mentions == (("习近平", 2),)


def test_a_person_of_other_articles_is_a_person_wherever_named() -> None:
    people = [("习近平",), ("习近平", "王毅"), (), ()]
    mentions = [(), (), (("习近平", 2),), (("王毅", 1), ("蓝图", 2))]
    assert promote(people, mentions) == [("习近平",), ("习近平", "王毅"), ("习近平",), ()]
