"""An invented national daily (《华夏日报》) of two issues, eight printed pages each
('01'…'08', with page names), in another layout than the bundled city paper: a lead on
page 1 continued on page 2 and printed there a second time (marked `repeats:`), a story
printed twice on one page before that mark existed (same title, nearly the same text),
ads and a photo printed without text, and articles numbered issue-wide."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import BUNDLED_CONTENT

PAGES = {"01": "要闻", "02": "要闻", "03": "经济", "04": "国际", "05": "社会", "06": "文化", "07": "体育",
         "08": "副刊"}

SITE = """paper = "华夏日报"
title = "华夏日报 · 报库"
base_url = "https://hx.example.org/"
language = "zh-CN"
per_page = 30
"""

TEXT = {
    "lead": ("全国春季农业生产工作会议3月1日在京召开。会议强调，要压实粮食安全党政同责，稳定粮食播种面积，"
             "加快推进高标准农田建设，确保全年粮食产量保持在1.3万亿斤以上。\n\n"
             "会议指出，今年春播面积预计超过9亿亩，各地要抓好种子、化肥、农药等农资供应，"
             "做好农机具检修和跨区作业服务，及早防范倒春寒、干旱等灾害天气。（下转第2版）\n"),
    "rest": ("（上接第1版）会议要求，要健全种粮农民收益保障机制，落实好稻谷、小麦最低收购价政策，"
                  "扩大完全成本保险和种植收入保险实施范围，让农民种粮有钱挣、得实惠。\n"),
    "rail": ("记者从国家铁路集团获悉，今年一季度全国铁路计划投产新线1200公里，其中高速铁路680公里。"
             "西部地区在建项目加快推进，川藏铁路雅安至林芝段多个隧道贯通。\n"),
    "rate": ("中国人民银行3月1日发布数据，2月末广义货币（M2）余额同比增长12.6%。"
             "专家表示，货币政策保持稳健，信贷结构持续优化，制造业中长期贷款增速较快。\n"),
    "export": ("海关总署数据显示，前两个月我国货物贸易进出口总值6.18万亿元，同比增长0.8%。"
               "其中，对共建“一带一路”国家进出口增长较快，民营企业进出口占比提升。\n"),
    "un": ("联合国安理会2月28日举行会议，讨论国际粮食安全问题。多国代表呼吁加强国际合作，"
           "保障粮食供应链稳定，帮助发展中国家提升农业生产能力。\n"),
    "school": ("教育部日前印发通知，部署2023年春季学期中小学安全工作，要求各地开展校园安全隐患排查，"
               "加强学生心理健康教育和课后服务管理。\n"),
    "museum": ("国家博物馆推出“礼出东方”特展，展出文物200余件（套），系统展示中华礼乐文明的历史源流。"
               "展览将持续至6月底，观众可在线预约参观。\n"),
    "match": ("2023年全国田径室内锦标赛2月28日在天津落幕。男子60米决赛中，年轻选手以6秒56夺冠，"
              "多名运动员创造个人最好成绩。\n"),
    "essay": ("早春的清晨，村口的柳枝已经泛出浅绿。老人们说，春打六九头，今年的庄稼有盼头。"
              "田埂上，翻耕过的泥土散发着湿润的气息。\n"),
    "water": ("水利部3月2日召开会议，部署春季农田灌溉和水利工程建设。今年将新开工一批重大水利工程，"
              "加快灌区现代化改造，提升农业抗旱能力。\n"),
    "chip": ("工业和信息化部表示，将加快推动集成电路、工业软件等关键领域攻关，"
             "培育一批专精特新“小巨人”企业，提升产业链供应链韧性。\n"),
}

# (issue, number, page, title, text key, extra front matter)
ISSUES: list[tuple[str, list[tuple[int, str, str, str, str]]]] = [
    ("2023-03-01", [
        (1, "01", "全国春季农业生产工作会议召开", "lead", "authors:\n- 李明远"),
        (2, "01", "一季度铁路计划投产新线1200公里", "rail", "authors:\n- 王晓燕"),
        (3, "02", "全国春季农业生产工作会议召开", "lead+rest", "repeats: 2023/03/01/01"),
        (4, "02", "2月末广义货币余额同比增长12.6%", "rate", ""),
        (5, "03", "前两个月货物贸易进出口增长0.8%", "export", ""),
        (6, "03", "前两个月货物贸易进出口增长0.8%", "export", ""),
        (7, "04", "安理会讨论国际粮食安全", "un", "column: 国际观察"),
        (8, "05", "部署春季学期中小学安全工作", "school", ""),
        (9, "06", "国家博物馆推出“礼出东方”特展", "museum", ""),
        (10, "07", "全国田径室内锦标赛落幕", "match", ""),
        (11, "08", "春到村口", "essay", "column: 大地"),
        (12, "08", "广告", "", ""),
    ]),
    ("2023-03-02", [
        (1, "01", "部署春季农田灌溉和水利工程建设", "water", ""),
        (2, "02", "加快关键领域攻关 提升产业链韧性", "chip", ""),
        (3, "03", "2月末广义货币余额同比增长12.6%（续）", "rate", ""),
        (4, "04", "安理会讨论国际粮食安全（综述）", "un", ""),
        (5, "05", "春季学期校园安全排查启动", "school", ""),
        (6, "06", "国博特展预约火爆", "museum", ""),
        (7, "07", "田径新星涌现", "match", ""),
        (8, "08", "早春图", "", "kind: photo\nphotographers:\n- 赵新华"),
    ]),
]


def write_national_daily(target: Path) -> Path:
    """Write the invented archive's content folder at `target`; return it."""
    target.mkdir(parents=True)
    (target / "site.toml").write_text(SITE, encoding="utf-8")
    shutil.copy(BUNDLED_CONTENT / "sections.toml", target / "sections.toml")
    shutil.copytree(BUNDLED_CONTENT / "subjects", target / "subjects")
    for day, items in ISSUES:
        folder = target / "articles" / day.replace("-", "/")
        folder.mkdir(parents=True)
        for number, page, title, text, extra in items:
            body = "".join(TEXT[key] for key in text.split("+")) if text else ""
            if number == 6 and day == "2023-03-01":  # the same story, typeset once more
                body = body.replace("同比增长0.8%", "同比增长 0.8%")
            front = (f"title: {title}\ndate: '{day}'\norder: {number}\npage: '{page}'\n"
                     f"page_name: {PAGES[page]}\n{extra}").strip()
            (folder / f"{number:02d}.md").write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    return target
