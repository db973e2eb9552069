"""Headline groups: column, kicker, title and subtitle from printed lines."""

from baoku.importer.headlines import parse
from baoku.importer.lines import HEAD, Unit


def heads(*lines: str, tight: tuple[int, ...] = ()) -> dict[str, object]:
    units = [Unit(text, n, HEAD, tight=n in tight) for n, text in enumerate(lines)]
    h = parse(units)
    return {"column": h.column, "kicker": h.kicker, "title": h.title, "subtitle": h.subtitle,
            "overflow": [u.text for u in h.overflow]}


def test_three_lines_are_kicker_title_and_subtitle():
    assert heads("市政府新闻办发布会", "持续提升信贷便利", "我市支持市场主体融资额34.48亿元") == {
        "column": "", "kicker": "市政府新闻办发布会", "title": "持续提升信贷便利",
        "subtitle": "我市支持市场主体融资额34.48亿元", "overflow": []}


def test_a_dash_line_is_the_subtitle_and_keeps_its_dash():
    assert heads("舞起省会这个龙头", "——论深入贯彻落实市委经济工作会议精神①")["subtitle"] == "——论深入贯彻落实市委经济工作会议精神①"


def test_a_label_of_two_phrases_above_a_title_is_a_column():
    got = heads("太忻一体化经济区 强势起步进行时", "古交市开启校地合作 促小小榛子“生”金银")
    assert (got["column"], got["kicker"], got["title"]) == (
        "太忻一体化经济区 强势起步进行时", "", "古交市开启校地合作 促小小榛子“生”金银")


def test_a_letter_spaced_label_is_a_column_written_without_spaces():
    assert heads("迎 泽 区", "在社区食堂感受“家味道”")["column"] == "迎泽区"


def test_a_one_clause_line_above_a_title_is_its_kicker():
    got = heads("迎泽区劲松社区新时代文明实践站", "凝聚“微力量” 引领新风尚")
    assert (got["column"], got["kicker"]) == ("", "迎泽区劲松社区新时代文明实践站")


def test_a_kicker_printed_on_the_title_line_is_split_off():
    got = heads("《山西省绿色建筑发展条例》规定 购买绿色建筑 可享贷款优惠")
    assert (got["kicker"], got["title"]) == ("《山西省绿色建筑发展条例》规定", "购买绿色建筑 可享贷款优惠")


def test_above_a_title_line_with_its_own_kicker_stands_the_column():
    got = heads("抓党建促基层治理能力提升", "尖草坪区依托党群服务中心搭建十五分钟党建服务圈 打造便民温情港 画好党群同心圆")
    assert (got["column"], got["kicker"], got["title"]) == (
        "抓党建促基层治理能力提升", "尖草坪区依托党群服务中心搭建十五分钟党建服务圈", "打造便民温情港 画好党群同心圆")


def test_kicker_and_title_printed_as_one_block_make_the_line_above_a_column():
    got = heads("抓党建促基层治理能力提升", "龙城街道两社区", "基层治理有妙招", tight=(2,))
    assert (got["column"], got["kicker"], got["title"]) == ("抓党建促基层治理能力提升", "龙城街道两社区", "基层治理有妙招")


def test_a_second_label_above_a_column_is_overflow_for_a_neighbour():
    got = heads("聚焦 安全生产", "太忻一体化经济区 强势起步进行时", "发展高端装备制造业 聚焦四大产业集群")
    assert (got["column"], got["overflow"]) == ("太忻一体化经济区 强势起步进行时", ["聚焦 安全生产"])


def test_parallel_short_phrases_are_the_title_and_the_line_below_its_subtitle():
    got = heads("稳就业 兜底线 聚人才 促和谐", "市人社局聚力“经济工作会议”各项任务")
    assert (got["title"], got["subtitle"]) == ("稳就业 兜底线 聚人才 促和谐", "市人社局聚力“经济工作会议”各项任务")


def test_a_paired_subhead_with_a_comma_is_not_rejoined_to_the_paragraph_under_it():
    from baoku.importer.lines import is_paired_subhead
    assert [is_paired_subhead(t) for t in ("保护优先，留住乡愁", "发展产业，留住人", "张翔说,“聚焦规划编制、政策创")] == [
        True, True, False]


def test_a_tag_is_a_column_only_at_the_end_of_a_headline():
    from baoku.importer.profile import DEFAULT
    tag = DEFAULT.compiled().tag
    assert tag is not None
    assert [m.group("tag") if (m := tag.match(t)) else None for t in
            ("问“细”于民见初心(今日谈)", "年底前全市六成乡镇(街道)将建社工站", "稳住世界经济复苏势头(国际观察)")] == [
        "今日谈", None, "国际观察"]
