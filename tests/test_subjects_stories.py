"""Sections on invented stories of a general newspaper: other desks, layouts and cities.

fixtures/subjects/stories.yaml holds short stories labelled by hand: a development part,
read while the rules of content/sections.toml were written, and a held-out part written
after the rules were fixed. The held-out accuracy is the honest estimate; both are
asserted exactly, so a change of the rules that loses stories shows here.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter

import pytest
import yaml
from fixtures.subjects.samples import CONTENT, HERE

from baoku.model import Article
from baoku.subjects.extract import Extractor
from baoku.subjects.lexicon import load_lexicon
from baoku.subjects.sections import abroad_evidence, dateline, is_abroad, page_scores


@functools.cache
def extractor() -> Extractor:
    return Extractor(load_lexicon(CONTENT)[0])


@functools.cache
def stories() -> dict[str, list[dict[str, str]]]:
    return yaml.safe_load((HERE / "stories.yaml").read_text(encoding="utf-8"))


def story(record: dict[str, str], number: int) -> Article:
    return Article(id=f"s/{number}", path=f"articles/s/{number}.md", title=str(record["title"]),
                   date=dt.date(2023, 6, 1), body=str(record["body"]), kind=record.get("kind", "news"),
                   page_name=record.get("page", ""), column=record.get("column", ""))


def misses(part: str) -> list[tuple[str, str, str]]:
    found = []
    for number, record in enumerate(stories()[part]):
        got = extractor().facts(story(record, number)).section
        if got != record["section"]:
            found.append((record["title"], record["section"], got))
    return found


def test_there_are_at_least_200_labelled_stories_of_every_section() -> None:
    records = stories()["development"] + stories()["held_out"]
    assert len(records) >= 200
    sections = Counter(r["section"] for r in records)
    assert set(sections) == {s.name for s in load_lexicon(CONTENT)[0].sections}
    assert min(sections[s] for s in ("体育", "国际", "时政", "社会", "文教", "经济")) >= 10


def test_development_stories_misses() -> None:
    assert misses("development") == [
        ("全民健身运动会开幕", "体育", "社会"),
        ("印度成功发射探月飞船", "国际", "科技"),
        ("山洪冲毁道路 救援队连夜搜救", "社会", "城建"),
        ("外交部发言人答记者问", "时政", "国际"),
        ("进博会签约额创新高", "经济", "科技"),
        ("夏季高温 户外劳动者防暑降温措施落实", "民生", "社会"),
        ("快递员勇救落水儿童", "社会", "经济"),
        ("马拉松赛道首次穿越古城", "体育", "文教"),
    ]


@pytest.mark.parametrize(("body", "place", "abroad"), [
    ("本报东京5月3日电 日本政府", "东京", True),
    ("新华社华盛顿3月2日电(记者 张三)", "华盛顿", True),
    ("本报驻巴黎记者王五 巴黎5月3日电", "巴黎", True),
    ("新华社联合国3月2日电", "联合国", True),
    ("新华社北京10月1日电", "北京", False),
    ("新华社香港5月1日电", "香港", False),
    ("本报讯(记者 李四)", "本报", False),
])
def test_a_dateline_abroad_is_found_by_the_gazetteer(body: str, place: str, abroad: bool) -> None:
    assert dateline(body) == place
    assert is_abroad(place) is abroad


def test_foreign_places_named_add_a_quarter_each_up_to_one() -> None:
    assert abroad_evidence("本报讯 会议在京举行", ("美国",)) == 0.25
    assert abroad_evidence("本报东京5月3日电", ("日本", "东京", "美国", "法国", "德国")) == 2.0


def test_the_printed_page_name_scores_its_longest_listed_part() -> None:
    rules = load_lexicon(CONTENT)[0].rules
    scores = dict(zip((r.section.name for r in rules), page_scores("国际新闻", rules)))
    assert scores["国际"] == 20 and scores["时政"] == 0
    assert dict(zip((r.section.name for r in rules), page_scores("要闻", rules)))["时政"] == 4


def test_a_sports_story_datelined_abroad_stays_in_sports() -> None:
    item = Article(id="t/1", path="articles/t/1.md", title="田径世锦赛 中国选手夺得男子跳远银牌",
                   date=dt.date(2023, 8, 20), body="新华社布达佩斯8月20日电 在当天进行的决赛中,中国选手获得银牌。")
    assert extractor().facts(item).section == "体育"


def test_held_out_stories_71_of_83_are_placed_as_labelled() -> None:
    # Written after the rules were fixed and never used to change them: 85.5% (68 of
    # the 80 decided by evidence; kind decides the other 3). Every 国际 story (12 of 12)
    # and 10 of 12 sports stories are right.
    assert misses("held_out") == [
        ("少年足球联赛落幕", "体育", "社会"),
        ("自行车环湖赛落幕", "体育", "国际"),
        ("全国政协召开双周协商座谈会", "时政", "社会"),
        ("城中村改造项目启动征收", "城建", "经济"),
        ("跨河大桥合龙", "城建", "社会"),
        ("冬季流感疫苗开始接种", "民生", "社会"),
        ("长城保护修缮工程完工", "文教", "城建"),
        ("长江禁渔成效显现", "生态", "社会"),
        ("工业企业超低排放改造完成", "生态", "经济"),
        ("国家公园发现雪豹踪迹", "生态", "社会"),
        ("河湖清四乱专项行动", "生态", "社会"),
        ("本地高校研制新型电池", "科技", "文教"),
    ]


@pytest.mark.parametrize(("fields", "expected"), [
    ({"column": "今日谈", "title": "让老百姓过上好日子"}, "评论"),
    ({"title": "评论员观察：以高水平开放促进发展"}, "评论"),
    ({"title": "奋力谱写新篇章", "authors": ("本报评论员",)}, "评论"),
    ({"title": "今年粮食产量创新高"}, "经济"),
])
def test_a_commentary_column_or_byline_decides_like_the_kind(fields: dict[str, object], expected: str) -> None:
    item = Article(id="t/1", path="articles/t/1.md", date=dt.date(2023, 1, 1),
                   body="粮食生产连年丰收,农民种粮收入增加,粮食收购价格平稳。", **fields)  # type: ignore[arg-type]
    assert extractor().facts(item).section == expected
