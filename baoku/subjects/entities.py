"""Find the people and places an article mentions, preferring a miss to a wrong page.

A wrong person page (a phrase taken for a name, a private citizen from a notice) is
worse than a missing one, so every rule here asks for two kinds of evidence.

People: a name from people.txt, or a name-shaped word (a common surname followed by one
or two characters, or a dictionary word tagged as a person) that is vouched for by its
neighbours: a title before it ('局长胡建林', '居民李荣祥') or a verb of speech or an
address after it ('张丽凤说', '刘广老人'). Names are rebuilt from single characters
because tokenize.py cuts without jieba's HMM ('王|利|波|表示' → 王利波). Bylines are
not mentions: the article's authors and photographers are never listed. Notices name
private people (a foundling, a dismissed employee) and get no people at all.

Places: a name from places.txt (districts, counties, cities, with aliases such as
万柏林 → 万柏林区), or a word jieba's dictionary tags as a place name (ns) that ends in
an administrative unit (省 市 区 县 镇 乡) and is not a generic phrase ('各县市',
'中心区', '沿海地区').
"""

from __future__ import annotations

from collections import Counter

from .lexicon import Lexicon

MAX_PEOPLE = 8
MAX_PLACES = 8

SURNAMES = frozenset(
    "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤弓柴常申司牛岳樊乔温霍耿郭靳聂晋裴卫蓝")
"""Common Chinese surnames; a one-character word from this set may start a name."""

_NOT_GIVEN = frozenset("的了在是和与及等对向从为把被将也都就又还到让给着过说会要已并而或但"
                       "市省区县镇乡村街路号年月日时分个名位")
"""Characters that end a name: function words, units and place endings."""

TITLE_ENDINGS = (
    "书记", "主任", "局长", "厅长", "市长", "县长", "区长", "省长", "镇长", "乡长", "村长",
    "部长", "处长", "科长", "所长", "站长", "院长", "校长", "行长", "社长", "队长", "组长",
    "团长", "会长", "董事长", "经理", "主席", "委员", "常委", "总监", "专家", "教授", "老师",
    "医生", "律师", "工程师", "志愿者", "居民", "市民", "村民", "网格员", "党员", "民警",
    "领导", "干部", "代表", "馆长", "园长", "主管", "师傅", "家长", "同学",
)
"""A word ending in one of these, just before a name, vouches for it ('厅长潘海燕')."""

AFTER_CUES = frozenset((
    "说", "表示", "介绍", "认为", "指出", "强调", "称", "告诉", "坦言", "谈到", "解释",
    "透露", "说道", "回忆", "同志", "老人", "先生", "女士",
))
"""A word just after a name that vouches for it ('张丽凤说', '刘广老人')."""

_PERSON_TAGS = frozenset(("nr", "nrfg", "nrt"))
_PLACE_ENDINGS = ("自治区", "自治州", "省", "市", "区", "县", "镇", "乡")
_PLACE_NOT_FIRST = frozenset("各外全本该我")
"""First characters of unit phrases that are not names ('各县市', '外省市')."""
_NOT_PLACES = frozenset(("上半区", "下半区", "中心区", "中心镇", "包干区", "冬麦区", "十强县",
                         "城郊乡", "大城市", "小城市"))
"""Words jieba's dictionary tags as places that are not the name of one."""

Token = tuple[str, str]


def is_title(word: str) -> bool:
    return len(word) <= 7 and word.endswith(TITLE_ENDINGS)


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


def people(tokens: list[Token], lexicon: Lexicon, exclude: frozenset[str]) -> tuple[str, ...]:
    """People mentioned in `tokens` (one field's words in order), most mentioned first."""
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    known = lexicon.people.canonical
    # Only a listed name or a word that could start a name is looked at closely.
    starts = [i for i, (word, tag) in enumerate(tokens)
              if word in known or (word[0] in SURNAMES and (len(word) == 1 or tag in _PERSON_TAGS))]
    taken = -1
    for i in starts:
        if i < taken:
            continue  # inside a name already found
        word, tag = tokens[i]
        name, end = "", i + 1
        if word in known:
            name = known[word]
        else:
            candidate, end = _name_at(tokens, i, tag)
            if candidate and _vouched(tokens, i, end):
                name = known.get(candidate, candidate)
        if name and name not in exclude and name not in lexicon.stopwords \
                and name not in lexicon.places.canonical:
            found[name] += 1
            first.setdefault(name, i)
            taken = end
    return _most_common(found, first, MAX_PEOPLE)


def _name_at(tokens: list[Token], i: int, tag: str) -> tuple[str, int]:
    """A name-shaped word starting at token i and the index after it, or ('', i + 1)."""
    word = tokens[i][0]
    if tag in _PERSON_TAGS and 2 <= len(word) <= 4 and _han(word) and word[0] in SURNAMES:
        return word, i + 1
    if len(word) != 1 or word not in SURNAMES:
        return "", i + 1
    name, j = word, i + 1
    while j < len(tokens) and len(name) < 3:
        given = tokens[j][0]
        if (not _han(given) or len(name) + len(given) > 3 or given in AFTER_CUES
                or any(ch in _NOT_GIVEN for ch in given)):
            break
        name += given
        j += 1
    return (name, j) if len(name) >= 2 else ("", i + 1)


def _vouched(tokens: list[Token], start: int, end: int) -> bool:
    before = tokens[start - 1][0] if start > 0 else ""
    after = tokens[end][0] if end < len(tokens) else ""
    return is_title(before) or after in AFTER_CUES


def places(tokens: list[Token], lexicon: Lexicon) -> tuple[str, ...]:
    """Every place named in `tokens`, most mentioned first (MAX_PLACES are shown)."""
    found: Counter[str] = Counter()
    first: dict[str, int] = {}
    known = lexicon.places.canonical
    for i, (word, tag) in [(i, t) for i, t in enumerate(tokens) if t[1] == "ns" or t[0] in known]:
        name = known.get(word, "")
        if not name and tag == "ns" and _looks_like_place(word):
            name = word
        if name and name not in lexicon.stopwords:
            found[name] += 1
            first.setdefault(name, i)
    return _most_common(found, first, len(found))


def _looks_like_place(word: str) -> bool:
    return (len(word) >= 3 and _han(word) and word.endswith(_PLACE_ENDINGS)
            and word[0] not in _PLACE_NOT_FIRST and word not in _NOT_PLACES
            and not word.endswith("地区"))  # 沿海地区, 内陆地区: kinds of region, not names


def _most_common(found: Counter[str], first: dict[str, int], limit: int) -> tuple[str, ...]:
    """Most mentioned first; ties by first mention, so the order reads like the article."""
    ranked = sorted(found, key=lambda name: (-found[name], first[name]))
    return tuple(ranked[:limit])
