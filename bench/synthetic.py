"""A deterministic synthetic archive for benchmarks and scale tests.

Real issues are few (the five sample issues in content/sources/), but search,
rendering and indexing must be measured at 20,000 and 100,000 articles. This
module recombines the seeds' paragraphs into articles of a plausible daily
paper: 15–20 stories a day from 2008-01-01 on, headlines taken from the seeds'
headlines, bylines from the seeds' reporters plus generated names that jieba's
dictionary does not know, columns, kinds and issue order.

Everything is derived from `seed` and the article's date through a per-day
random generator, so the output is byte-identical across runs and machines, and
`make_articles(n)` is a prefix of `make_articles(m)` for n < m.

    from bench.synthetic import make_articles, write_content
    articles = make_articles(20_000)
    write_content(Path("/tmp/content"), 20_000)   # content/articles/…/NN.md + site.toml

The API (`make_articles`, `write_content`) is stable; others depend on it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # allow `python bench/synthetic.py` as well as `-m`
    sys.path.insert(0, str(ROOT))

from baoku.model import Article

SEEDS_DIR = ROOT / "content" / "sources"
"""The sample issues as the project keeps them (named DATE_ORIGINALNAME.txt)."""
SITE_TOML = ROOT / "content" / "site.toml"
TAXONOMY_FILES = ("sections.toml", "subjects/dictionary.txt", "subjects/stopwords.txt", "subjects/topics.txt",
                  "subjects/people.txt", "subjects/places.txt")
START = dt.date(2008, 1, 1)
PER_DAY = (15, 20)
"""Stories per issue, inclusive range."""

COLUMNS = (
    "太忻一体化经济区 强势起步进行时", "新时代文明实践", "聚焦 安全生产", "营商环境大家谈",
    "龙城人物", "民生直通车", "文化周末", "健康生活", "法治在线", "乡村振兴在行动",
)
KINDS_WEIGHTED = (("news", 60), ("feature", 12), ("commentary", 8), ("interview", 5),
                  ("photo", 8), ("notice", 7))

# Generated people: surnames and given-name characters chosen so that most
# full names are not words in jieba's dictionary (the hard case for search).
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤弓柴"
_GIVEN = "江泽凤飞丽萍志刚晓心少先慧琴耀星建国海燕文博子涵思远雨桐宏伟晓东立新俊华静怡秀英玉兰国庆永红爱民德胜宝国娟芳勇琦丹娜亚男方伟"

# Paragraphs with figures and Latin tokens (decimals, units, acronyms), which
# the seeds have few of but readers search for.
_FIGURE_TEMPLATES = (
    "今年上半年,全市PM2.5平均浓度为{a}.{b}微克/立方米,同比下降{c}.{d}%,优良天数达到{e}天。",
    "截至目前,我市金融服务平台累计撮合贷款{e}笔,授信总额{a}.{b}亿元,放款{c}.{d}亿元。",
    "项目配置基于光切片OSU技术的H-OTN设备,建成5G基站{e}个,千兆光网覆盖{c}万户家庭。",
    "全市地区生产总值(GDP)完成{a}{c}.{d}亿元,同比增长{b}.{d}%,增速高于全省{d}.{b}个百分点。",
    "记者从市统计局获悉,{y}年全市规模以上工业增加值增长{c}.{d}%,CPI同比上涨{d}.{b}%。",
    "{y}年{m}月{day}日,记者{name}在万柏林区采访时了解到,该区已建成社区食堂{e}个。",
)
_PHOTO_SUFFIX = " {names} 摄"

# A growing vocabulary. A real archive's vocabulary keeps growing with its size (Heaps'
# law: distinct terms ≈ K·n^β, β ≈ 0.5–0.6): new companies, places, projects and names
# every year. Recombining the seeds alone would give a closed vocabulary, under which
# IDF tables, champion lists and search indexes stop growing and scale looks too good.
# So most articles also name two generated terms: one of the newest (the vocabulary
# at this point of the archive) and one drawn from all so far, favouring older ones.
_TERM_CHARS = ("安宝北滨博昌辰诚川春达大丰峰福富港高广海航和恒鸿华汇吉嘉建江金锦晋京景静俊康"
               "坤兰乐力利联良林隆龙茂美明南宁鹏平齐启清庆荣瑞润山尚盛顺泰天通同万旺伟文武西祥"
               "新信兴旭阳扬耀业一益银永友宇玉元远悦云泽长正中众洲卓")
_TERM_KINDS = ("产业园", "科技公司", "新村", "街道", "大桥", "湿地公园", "物流港", "实验室", "合作社", "商圈")
_TERM_SENTENCES = ("{a}与{b}相关负责人表示,将在项目建设、人才引进等方面进一步加强合作。",
                   "据了解,{a}今年已接待考察团{n}批次,{b}的做法也引起了关注。",
                   "在{a},记者看到工人们正在加紧施工;不远处的{b}也已初具规模。")
VOCABULARY_K, VOCABULARY_BETA = 40, 0.55


def vocabulary_size(articles: int) -> int:
    """Generated terms in use after `articles` articles (Heaps' law)."""
    return max(1, int(VOCABULARY_K * max(articles, 1) ** VOCABULARY_BETA))


def generated_term(number: int) -> str:
    """The term numbered `number`: two or three name characters and a kind, unique per number."""
    base = len(_TERM_CHARS)
    first, rest = number % base, number // base
    second, rest = rest % base, rest // base
    kind, rest = rest % len(_TERM_KINDS), rest // len(_TERM_KINDS)
    name = _TERM_CHARS[first] + _TERM_CHARS[second] + (_TERM_CHARS[rest % base] if rest else "")
    return name + _TERM_KINDS[kind]


def _vocabulary_sentence(made: int, article_id: str, seed: int) -> str:
    rng = random.Random(f"baoku-synthetic-vocabulary:{seed}:{article_id}")
    size = vocabulary_size(made + 1)
    newest = generated_term(rng.randint(vocabulary_size(made // 2 + 1) - 1, size - 1))
    older = generated_term(int(size * rng.random() ** 2))
    return rng.choice(_TERM_SENTENCES).format(a=newest, b=older, n=rng.randint(2, 90))


@functools.cache
def _seed_pools() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(headlines, body paragraphs, reporter names) found in the seed issues."""
    # Ordered by the original file name, so the output does not depend on the dates.
    files = sorted(SEEDS_DIR.glob("*.txt"), key=lambda f: f.name.split("_", 1)[-1])
    if not files:
        raise FileNotFoundError(f"no seed issues (*.txt) in {SEEDS_DIR}; the synthetic archive "
                                "recombines them, so restore that folder first")
    lines: list[str] = []
    for file in files:
        lines += [line.strip() for line in file.read_text(encoding="utf-8").splitlines()]
    headlines: list[str] = []
    bodies: list[str] = []
    names: set[str] = set()
    byline = re.compile(r"[((]([\u4e00-\u9fff、 ]{2,30})[))]$")
    for line in lines:
        if not line:
            continue
        match = byline.search(line)
        if match:
            for name in match.group(1).split("、"):
                name = name.replace(" ", "")
                if 2 <= len(name) <= 3:
                    names.add(name)
        is_short = len(line) <= 32 and "。" not in line
        if not is_short:
            if len(line) >= 40:
                bodies.append(line)
        elif (len(line) >= 6 and not line.startswith(("(", "(", "——", "记者", "特此"))
              and not line.endswith(("摄", ":", ":", ",")) and not re.match(r"^\d{4}年", line)):
            headlines.append(line)
    return tuple(dict.fromkeys(headlines)), tuple(dict.fromkeys(bodies)), tuple(sorted(names))


@functools.cache
def _staff(seed: int) -> tuple[str, ...]:
    """A paper's reporters: a fixed roster of 300 generated names per seed (a real
    paper has a few hundred bylines, not a new name on every story)."""
    rng = random.Random(f"baoku-synthetic-staff:{seed}")
    return tuple(dict.fromkeys(_person(rng) for _ in range(300)))


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _figures(rng: random.Random, day: dt.date) -> str:
    template = rng.choice(_FIGURE_TEMPLATES)
    return template.format(a=rng.randint(1, 99), b=rng.randint(0, 99), c=rng.randint(1, 60),
                           d=rng.randint(0, 9), e=rng.randint(10, 3000), y=day.year,
                           m=day.month, day=day.day, name=_person(rng))


def _article(rng: random.Random, day: dt.date, order: int, seed: int, made: int = 0) -> Article:
    headlines, bodies, reporters = _seed_pools()
    kind = rng.choices([k for k, _ in KINDS_WEIGHTED], [w for _, w in KINDS_WEIGHTED])[0]
    title = rng.choice(headlines)
    if rng.random() < 0.3:  # two-part headline, as printed: "甲 乙"
        title = f"{title} {rng.choice(headlines)}"
    kicker = rng.choice(headlines) if rng.random() < 0.2 else ""
    subtitle = rng.choice(headlines) if rng.random() < 0.15 else ""
    column = rng.choice(COLUMNS) if rng.random() < 0.25 else ""
    staff = _staff(seed)
    people = [rng.choice(reporters) if rng.random() < 0.5 else rng.choice(staff)
              for _ in range(rng.choice((0, 1, 1, 2, 3)))]
    authors = tuple(dict.fromkeys(people))
    if kind == "photo":
        paragraphs = [rng.choice(bodies)[:160].rstrip(",、") + "。"
                      + _PHOTO_SUFFIX.format(names=" ".join(authors or (_person(rng),)))]
    else:
        paragraphs = [rng.choice(bodies) for _ in range(rng.randint(2, 6))]
        if rng.random() < 0.35:
            paragraphs.insert(rng.randint(0, len(paragraphs)), _figures(rng, day))
    article_id = f"{day:%Y/%m/%d}/{order:02d}"
    if kind != "photo":
        paragraphs.append(_vocabulary_sentence(made, article_id, seed))
    return Article(
        id=article_id, path=f"articles/{article_id}.md", title=title, date=day,
        body="\n\n".join(_markdown_safe(p) for p in dict.fromkeys(paragraphs)) + "\n",
        kicker=kicker, subtitle=subtitle, column=column, kind=kind, authors=authors,
        order=order,
    )


def _markdown_safe(paragraph: str) -> str:
    """Keep a plain paragraph from being read as a Markdown list, heading or quote."""
    if re.match(r"^(\d+[.)]\s|[#>*+-]\s?)", paragraph):
        return "\\" + paragraph
    return paragraph


def iter_articles(n: int, seed: int = 0, *, per_day: tuple[int, int] = PER_DAY) -> Iterator[Article]:
    """Yield `n` articles, issue by issue, oldest first (memory stays flat for large n)."""
    made = 0
    day = START
    while made < n:
        rng = random.Random(f"baoku-synthetic:{seed}:{day.isoformat()}")
        for order in range(1, rng.randint(*per_day) + 1):
            if made == n:
                return
            yield _article(rng, day, order, seed, made)
            made += 1
        day += dt.timedelta(days=1)


def make_articles(n: int, seed: int = 0) -> list[Article]:
    """`n` synthetic articles, oldest issue first, in issue order within a day.

    Equal to what `baoku.content.load_articles` reads back from `write_content`."""
    return list(iter_articles(n, seed))


def front_matter(article: Article) -> str:
    """The article as an editor's Markdown file: YAML front matter, then the body.

    Strings are written as JSON strings, which YAML reads as double-quoted
    scalars, so no headline can break the YAML. Empty optional keys are left out."""
    lines = ["---", f"title: {json.dumps(article.title, ensure_ascii=False)}"]
    for key in ("kicker", "subtitle"):
        value = getattr(article, key)
        if value:
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append(f"date: {article.date.isoformat()}")
    if article.column:
        lines.append(f"column: {json.dumps(article.column, ensure_ascii=False)}")
    lines.append(f"kind: {article.kind}")
    if article.authors:
        lines.append(f"authors: {json.dumps(list(article.authors), ensure_ascii=False)}")
    lines.append(f"order: {article.order}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + article.body


def write_content(dir: Path, n: int, seed: int = 0) -> None:
    """Write a content folder: dir/articles/YYYY/MM/DD/NN.md and dir/site.toml, plus
    the archive's taxonomy files the build reads (sections.toml, subjects/*.txt),
    copied from the repository's content/ when it has them."""
    dir = Path(dir)
    dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_TOML, dir / "site.toml")
    for extra in TAXONOMY_FILES:
        source = SITE_TOML.parent / extra
        if source.is_file():
            (dir / extra).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dir / extra)
    made_dirs: set[Path] = set()
    for article in iter_articles(n, seed):
        file = dir / article.path
        if file.parent not in made_dirs:
            file.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(file.parent)
        file.write_text(front_matter(article), encoding="utf-8")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic content folder.")
    parser.add_argument("dir", type=Path, help="content folder to create")
    parser.add_argument("-n", type=int, default=1000, help="number of articles (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_content(args.dir, args.n, args.seed)
    print(f"wrote {args.n} articles to {args.dir}")
