"""Bylines and photo credits, on lines printed in the sample issues."""

from baoku.importer.bylines import Credit, parse_bare_name, parse_line, split_names, split_tail


def test_a_parenthesised_byline_with_spaced_names_gives_three_authors():
    assert parse_line("(于 健、刘笑英、赵冰清)") == Credit(authors=("于健", "刘笑英", "赵冰清"))


def test_a_full_width_parenthesised_byline_gives_two_authors():
    assert parse_line("（申波、常珍）") == Credit(authors=("申波", "常珍"))


def test_reporter_and_correspondent_roles_are_not_names():
    assert parse_line("记者 王丹 通讯员 刘娜 王亚男") == Credit(authors=("王丹", "刘娜", "王亚男"))


def test_a_group_credit_is_marked_as_covering_several_stories():
    assert parse_line("(本组稿件由 何宝国 采写)") == Credit(authors=("何宝国",), group=True)


def test_the_papers_commentator_is_credited_as_printed():
    assert parse_line("本报评论员") == Credit(authors=("本报评论员",))


def test_a_photo_credit_names_each_photographer():
    assert parse_line("李学军 牛利敏 摄") == Credit(photographers=("李学军", "牛利敏"))


def test_a_headline_or_column_label_is_not_a_byline():
    assert parse_line("政务之要") is None
    assert parse_line("(上接第1版)") is None
    assert parse_line("(以下简称“社工站”)") is None


def test_a_bare_name_line_is_a_name_only_when_it_starts_with_a_surname():
    assert parse_bare_name("侯慧琴") == "侯慧琴"
    assert parse_bare_name("刘 涛") == "刘涛"
    assert parse_bare_name("政务之要") is None
    assert parse_bare_name("通告") is None


def test_a_byline_glued_to_the_last_paragraph_is_read_and_the_text_kept():
    text, credit = split_tail("…配合落实核酸检测、隔离观察、健康监测等疫情防控措施。(刘 涛)")
    assert text.endswith("防控措施。") and credit == Credit(authors=("刘涛",))


def test_a_reporter_byline_after_a_closing_quote_is_read():
    assert split_tail("…推动文物事业日益繁荣。” 记者 弓凤飞")[1] == Credit(authors=("弓凤飞",))


def test_a_photo_credit_glued_to_a_caption_is_read():
    caption = "建成后,将缓解太榆路交通压力,使太原、晋中两地的通行更便捷。李学军 牛利敏 摄"
    assert split_tail(caption)[1] == Credit(photographers=("李学军", "牛利敏"))


def test_a_paragraph_without_a_byline_has_no_tail():
    assert split_tail("通过推动生产过程清洁化、产品供给绿色化,今年打造绿色工厂4家、绿色产品2种。") is None


def test_letter_spaced_two_character_names_are_paired():
    assert split_names("王 琦 李 明") == ["王琦", "李明"]


def test_a_byline_inside_the_lead_is_read():
    from baoku.importer.bylines import lead_byline
    assert lead_byline("本报讯（记者 张三 通讯员 李四）7月27日，…") == Credit(authors=("张三", "李四"))


def test_a_parenthesised_photo_credit_names_the_photographer_not_an_author():
    assert parse_line("（本报记者 李四 摄）") == Credit(photographers=("李四",))


def test_closing_lines_of_a_national_daily_are_credits_with_the_names_they_print():
    from baoku.importer.bylines import Credit, parse_line
    assert [parse_line(t) for t in ("（作者为中国国际问题研究院研究员）", "（本报柏林电）", "（本报记者韦佳整理）",
                                     "（作者单位：江苏省委党校）", "本期统筹：冯雅琪")] == [
        Credit(), Credit(), Credit(authors=("韦佳",)), Credit(), Credit(authors=("冯雅琪",))]


def test_a_photo_credit_with_its_agency_names_only_the_photographer():
    from baoku.importer.bylines import Credit, parse_line
    assert [parse_line(t) for t in ("刘畅摄（新华社发）", "新华社记者  王磊  摄", "本报记者  杨帆摄")] == [
        Credit(photographers=("刘畅",)), Credit(photographers=("王磊",)), Credit(photographers=("杨帆",))]
