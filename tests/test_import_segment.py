"""Segmentation of small issues made of real lines from the samples."""

from baoku.importer.api import render_article
from baoku.importer.decode import decode
from baoku.importer.issue import segment_issue
from baoku.importer.lines import BODY, HEAD, split_units


def issue(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def titles(text: str) -> list[str]:
    return [d.title for d in segment_issue(text).drafts]


BODY_A = "本报讯 7月27日,国网太原供电公司发布消息,该公司大盂产业新城“数字电网”建设方案获评全省新型电力系统示范区建设项目。"
BODY_B = "本报讯 记者7月27日从市金融办获悉,为了更好地助力企业融资,我市推出挂牌首贷续贷服务中心。"


def test_a_paragraph_cut_mid_sentence_at_a_column_end_is_rejoined():
    units = split_units(issue("张翔说,“聚焦规划编制、政策创", "设、项目建设等方面,统筹谋划、周密部署、精准发力。”"))
    assert [u.text for u in units] == ["张翔说,“聚焦规划编制、政策创设、项目建设等方面,统筹谋划、周密部署、精准发力。”"]
    assert units[0].joined == [3]


def test_a_short_line_ending_a_sentence_is_rejoined_to_the_cut_paragraph_before_it():
    units = split_units(issue(
        "推进产业布局协同耦合,就是要促进要素资源共享,实现产业价值最大化。在共同培育和推广优势农业品牌、联合打造城市群旅游品牌、"
        "深度融入京津冀、服务保障雄安新区", "中彰显太原作为中部城市群的龙头作用。"))
    assert len(units) == 1 and units[0].kind == BODY


def test_a_cut_paragraph_is_not_joined_to_the_next_storys_headline():
    units = split_units(issue("与此同时,我市担保机构创新研发担保产品,企业通过扫码即可享受", "大盂新城数字电网方案获评全省电力示范项目", BODY_A))
    assert [u.kind for u in units] == [BODY, HEAD, BODY]


def test_a_headline_followed_by_a_benbaoxun_lead_starts_a_new_story():
    assert titles(issue("大盂新城数字电网方案获评全省电力示范项目", BODY_A, "(于 健、刘笑英、赵冰清)",
                        "我市助力企业融资 推出首贷续贷服务", BODY_B, "(孙耀星)")) == [
        "大盂新城数字电网方案获评全省电力示范项目", "我市助力企业融资 推出首贷续贷服务"]


def test_subheads_inside_a_feature_without_a_lead_are_not_new_stories():
    seg = segment_issue(issue("在社区食堂感受“家味道”", "一碗红豆浆、两个肉包、一颗鸡蛋、一份小菜,坐在新南二社区食堂。",
                              "咱家食堂", "“走,吃饭去!”上午7时许,75岁的刘广老人已经结束了晨练。",
                              "赢得点赞", "这家社区食堂由四星级的三晋国际饭店提供餐饮服务。", "侯慧琴"))
    (draft,) = seg.drafts
    assert [p for p, sub in draft.paragraphs if sub] == ["咱家食堂", "赢得点赞"]
    assert draft.authors == ("侯慧琴",) and draft.kind == "feature"


def test_a_slogan_over_a_photo_caption_goes_to_the_remainder():
    seg = segment_issue(issue("慎终如始做好 常态化疫情防控",
                              "7月27日,我市突降大雨,市政公共设施建设管理中心道排三所工作人员在上庄街巡查,全力保障道路畅通。",
                              "王韵菲 摄"))
    (draft,) = seg.drafts
    assert (draft.kind, draft.title, draft.guessed_title, draft.photographers) == ("photo", "我市突降大雨", True, ("王韵菲",))
    assert [p.text for p in seg.remainder] == ["慎终如始做好 常态化疫情防控"]
    written = render_article(draft, date="2022-07-28", slot="06", source="sources/x.txt")
    assert written.startswith("---\ntitle: 我市突降大雨\ntitle_supplied: true\ndate: '2022-07-28'\n")


def test_a_headline_printed_after_the_body_and_before_the_byline_is_the_storys():
    seg = segment_issue(issue("本报讯 为进一步确保市域成为重大风险终结地，我市开展集中攻坚。",
                              "防范化解风险隐患 我市开展集中攻坚", "（申波、常珍）"))
    assert [(d.title, d.authors) for d in seg.drafts] == [("防范化解风险隐患 我市开展集中攻坚", ("申波", "常珍"))]


def test_a_continuation_takes_the_bodyless_headline_that_shares_its_words():
    seg = segment_issue(issue(
        "山西中部城市群第一次市际联席会议召开", "市政府新闻办发布会", "持续提升信贷便利",
        "7月27日,市政府新闻办举行创新提升营商环境新闻发布会。", "(孙耀星)",
        "(上接第1版)疫情防控方面加强区域监测预警信息通报。会议审议通过《山西中部城市群高质量发展市际联席会议制度》。"))
    first, second = seg.drafts
    assert (first.title, first.continued_from, first.order) == ("山西中部城市群第一次市际联席会议召开", "1", 1)
    assert (second.kicker, second.title) == ("市政府新闻办发布会", "持续提升信贷便利")


def test_a_continuation_whose_head_is_in_the_same_file_is_joined_to_it():
    seg = segment_issue(issue("太原举行联席会议", "本报讯 会议强调,建设山西中部城市群是一项战略工程。(下转第2版)",
                              "(上接第1版)会议审议通过联席会议制度,五市共同签署合作协议。"))
    (draft,) = seg.drafts
    assert draft.title == "太原举行联席会议" and not draft.continued_from and len(draft.paragraphs) == 2


def test_notices_run_together_in_one_paragraph_are_split():
    seg = segment_issue(issue("通知 朝阳街同人购物中心六层西北角艺翎射箭馆于2022年10月6日正式闭店。如老顾客有未消费的预付款,"
                              "请务必与田先生联系。特此通知 陈建强,因你违反《山西省警务辅助人员条例》之规定,决定与你解除劳动合同。"
                              "清徐县公安局 2022年10月13日"))
    assert [(d.kind, d.title, d.paragraphs[0][0][:3]) for d in seg.drafts] == [
        ("notice", "通知", "朝阳街"), ("notice", "通知", "陈建强")]


def test_a_notices_issuer_and_date_stay_in_the_notice():
    seg = segment_issue(issue("通告", "亲贤村城中村改造太原广场项目地块二项目,现决定更换物业公司。", "特此通告",
                              "太原绿城房地产开发有限公司", "2022年7月26日"))
    (draft,) = seg.drafts
    assert draft.kind == "notice" and draft.paragraphs[-2:] == (("太原绿城房地产开发有限公司", False), ("2022年7月26日", False))


def test_a_group_credit_covers_the_stories_before_it_without_bylines():
    seg = segment_issue(issue("生态优先 绿色发展", "本报讯 太忻一体化经济区坚持生态优先,构建绿色发展新格局。",
                              "公共服务 便利共享", "本报讯 太忻一体化经济区推进公共服务便利共享。(本组稿件由何宝国采写)"))
    assert [d.authors for d in seg.drafts] == [("何宝国",), ("何宝国",)]


def test_a_byline_printed_under_the_headline_is_moved_after_the_body():
    seg = segment_issue(issue("舞起省会这个龙头", "——论深入贯彻落实市委经济工作会议精神①", "本报评论员",
                              "山西中部城市群发展,承载着党中央对山西发展的关心关怀和殷切期望。"))
    (draft,) = seg.drafts
    assert draft.kind == "commentary" and draft.paragraphs[-1] == ("本报评论员", False)


def test_a_gbk_issue_with_crlf_and_full_width_punctuation_decodes_and_segments():
    raw = issue("社保经办服务不停摆", "本报讯 4月7日从市社保中心获悉，全市各级社保经办机构积极构建线上服务流程。（李晓井）")
    text = decode(raw.replace("\n", "\r\n").encode("gbk"), "x.txt").text
    (draft,) = segment_issue(text).drafts
    assert (draft.title, draft.authors) == ("社保经办服务不停摆", ("李晓井",))


def test_a_page_header_and_a_staff_line_go_to_the_remainder_and_give_the_page():
    seg = segment_issue(issue("太原日报 2022年7月28日 星期四 第02版 要闻", "社保经办服务不停摆",
                              "本报讯 4月7日从市社保中心获悉，全市各级社保经办机构积极构建线上服务流程。（李晓井）", "责任编辑：张三"))
    (draft,) = seg.drafts
    assert (draft.title, draft.page) == ("社保经办服务不停摆", "02")
    assert [p.text for p in seg.remainder] == ["太原日报 2022年7月28日 星期四 第02版 要闻", "责任编辑：张三"]


def test_a_jump_line_on_its_own_ends_the_story_and_records_the_page():
    seg = segment_issue(issue("新华社北京10月21日电（记者 王强）国家统计局21日发布数据显示，前三季度国内生产总值同比增长5.2%。",
                              "（下转第4版）"))
    (draft,) = seg.drafts
    assert (draft.continued_to, draft.authors, draft.title) == ("4", ("王强",), "国家统计局21日发布数据显示")


# National-daily layout: lines from the invented fixtures in tests/fixtures/import/.
NEWS_A = "本报北京2月4日电  （记者许文博）　交通运输部4日召开新闻发布会，介绍今年农村公路建设安排。"
NEWS_B = "本报北京2月4日电  （记者周蕾）　商务部4日发布数据显示，春节假期全国重点零售和餐饮企业销售额同比增长。"
NEWS_C = "本报广州2月4日电  （记者孙立新）　广东省日前出台二十条措施，从融资、用地、人才等方面支持民营企业发展壮大。"
NEWS_D = "本报成都2月4日电  （记者郑可）　四川省近日召开民营经济发展大会，现场签约项目一百二十个，总投资逾两千亿元。"
PLAIN = "法院审理认为，商家应当依法履行“三包”义务，判决商家退还货款。"


def test_a_headline_ending_in_a_column_tag_starts_a_story_and_the_tag_becomes_its_column():
    seg = segment_issue(issue("今年将新建改造农村公路十万公里", NEWS_A, "问“细”于民见初心（今日谈）",
                              "为民办事，贵在一个“细”字。把功夫下在细处，群众的获得感才会更加实在。", "（王海峰）"))
    assert [(d.title, d.column, d.column_tag) for d in seg.drafts] == [
        ("今年将新建改造农村公路十万公里", "", ""), ("问“细”于民见初心", "今日谈", "（今日谈）")]


def test_a_box_label_opens_the_body_and_the_dateline_under_it_goes_on_with_the_story():
    seg = segment_issue(issue("城市更新让老街区焕发新活力", "核心阅读", "老旧小区改造不仅是修房子，更是修民心。",
                              "本报杭州2月4日电  （记者陈思远）　走进拱墅区小河街道，青石板路干净整洁。"))
    (draft,) = seg.drafts
    assert (draft.title, draft.authors, draft.paragraphs[0]) == ("城市更新让老街区焕发新活力", ("陈思远",), ("核心阅读", True))


def test_chapter_and_list_headings_are_subheads_never_headlines():
    seg = segment_issue(issue("某市物业管理条例", "第一章  总  则", "第一条　为了规范物业管理活动，制定本条例。",
                              "一、总体要求", "第二条　本条例适用于本市行政区域内的物业管理活动。"))
    (draft,) = seg.drafts
    assert draft.title == "某市物业管理条例"
    assert [p for p, sub in draft.paragraphs if sub] == ["第一章  总  则", "一、总体要求"]


def test_a_dash_line_after_a_quotation_is_body_text_and_after_a_headline_a_subtitle():
    seg = segment_issue(issue("以实干实绩开创新局面", "——写在农历新年开工之际", "本报评论员",
                              "“治国有常，而利民为本。”", "——《淮南子》", "实干方能成事。"))
    (draft,) = seg.drafts
    assert draft.subtitle == "——写在农历新年开工之际"
    assert ("——《淮南子》", False) in draft.paragraphs


def test_datelines_of_a_roundup_stay_in_one_story_in_a_dateline_layout():
    seg = segment_issue(issue("今年将新建改造农村公路十万公里", NEWS_A, "金融支持实体经济力度加大", NEWS_B,
                              "多地出台措施支持民营企业发展", NEWS_C, NEWS_D, "与会企业家表示，政策含金量高。"))
    assert [d.title for d in seg.drafts] == ["今年将新建改造农村公路十万公里", "金融支持实体经济力度加大", "多地出台措施支持民营企业发展"]
    assert seg.drafts[-1].authors == ("孙立新", "郑可")


def test_a_subhead_inside_a_dated_story_is_not_a_new_story_in_a_dateline_layout():
    seg = segment_issue(issue("今年将新建改造农村公路十万公里", NEWS_A, "金融支持实体经济力度加大", NEWS_B,
                              "一起网购纠纷的审理", NEWS_C, "法官提醒", PLAIN))
    assert [d.title for d in seg.drafts] == ["今年将新建改造农村公路十万公里", "金融支持实体经济力度加大", "一起网购纠纷的审理"]
    assert ("法官提醒", True) in seg.drafts[-1].paragraphs


def test_a_closing_credit_ends_a_story_and_is_not_the_next_headlines_kicker():
    seg = segment_issue(issue("稳住世界经济复苏势头（国际观察）", "开放合作是大势所趋。", "（作者为中国国际问题研究院研究员）",
                              "非洲农业博览会聚焦粮食安全", NEWS_A))
    assert [(d.kicker, d.title) for d in seg.drafts] == [("", "稳住世界经济复苏势头"), ("", "非洲农业博览会聚焦粮食安全")]


def test_a_dated_caption_above_a_photo_credit_is_a_photo_of_its_own():
    seg = segment_issue(issue("今年将新建改造农村公路十万公里", NEWS_A, "2月3日，游客在哈尔滨冰雪大世界游玩。",
                              "刘畅摄（新华社发）", "第02版：要闻", "春运首月铁路发送旅客超一亿人次", NEWS_B))
    assert [(d.kind, d.photographers, d.page, d.page_name) for d in seg.drafts] == [
        ("news", (), "02", "要闻"), ("photo", ("刘畅",), "02", "要闻"), ("news", (), "02", "要闻")]


def test_each_article_takes_the_page_of_the_last_page_header_above_it():
    seg = segment_issue(issue("华夏日报 2023年2月5日 星期日", "第01版：要闻", "今年将新建改造农村公路十万公里", NEWS_A,
                              "版式设计：孙悦", "第03版：国际", "多国央行宣布维持利率不变", NEWS_B))
    assert [(d.title, d.page, d.page_name) for d in seg.drafts] == [
        ("今年将新建改造农村公路十万公里", "01", "要闻"), ("多国央行宣布维持利率不变", "03", "国际")]
    assert [p.text for p in seg.remainder] == ["华夏日报 2023年2月5日 星期日", "第01版：要闻", "版式设计：孙悦", "第03版：国际"]


def test_a_headline_with_a_colon_above_a_dateline_is_a_headline():
    seg = segment_issue(issue("第02版 要闻", "四川：小微企业首贷户增长两成", NEWS_D))
    assert [d.title for d in seg.drafts] == ["四川：小微企业首贷户增长两成"]


def test_an_essays_author_printed_under_its_title_is_its_byline():
    seg = segment_issue(issue("故乡的桂花", "林晓白", "又是一年桂花开。每到这个季节，我总会想起老家院子里那棵桂花树。"))
    (draft,) = seg.drafts
    assert (draft.title, draft.authors, draft.paragraphs[-1]) == ("故乡的桂花", ("林晓白",), ("林晓白", False))


def test_a_dash_line_after_a_sentence_but_above_a_byline_opens_a_story_as_its_subtitle():
    seg = segment_issue(issue("社保经办服务不停摆", "本报讯 4月7日从市社保中心获悉，全市各级社保经办机构积极构建线上服务流程。",
                              "——论深入贯彻落实市委经济工作会议精神①", "本报评论员",
                              "山西中部城市群发展,承载着党中央对山西发展的关心关怀和殷切期望。"))
    assert [(d.title, d.authors) for d in seg.drafts] == [
        ("社保经办服务不停摆", ()), ("——论深入贯彻落实市委经济工作会议精神①", ("本报评论员",))]


def test_a_line_cut_after_two_commas_is_not_a_headline_even_above_a_byline():
    units = split_units(issue("省发改委会同有关部门深入分析两市发展现状。", "其中,关于太原的《意见》,从省会地位和比较优势出",
                              "本报评论员"))
    assert [u.kind for u in units] == [BODY, BODY, "credit"]


def test_a_contributor_with_an_uncommon_surname_is_known_by_the_title_in_the_brackets():
    from baoku.importer.lines import contributor
    assert [contributor(t) for t in ("王建国（中国文化遗产研究院研究员）", "晓雯（某省博物馆研究馆员）",
                                     "晓雯（博物馆的一角）", "太原日报（2022年）")] == ["王建国", "晓雯", "", ""]
