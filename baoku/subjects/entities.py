"""Find the people and places an article mentions, preferring a miss to a wrong page.

A wrong person page (a phrase taken for a name, a private citizen from a notice) is
worse than a missing one, so every rule here asks for two kinds of evidence.

People: a name from people.txt, or a name-shaped word — a surname (SURNAMES, the
common ones and the rarer ones of public figures: 习, 栗) followed by one or two
characters, a dictionary word tagged as a person, or a word jieba's HMM tags as a
person (`nr`) in the run of single characters the dictionary cut ('王|利|波' → 王利波)
— that is vouched for by its neighbours: a title before it ('局长胡建林', '委员长栗战书')
or a verb of speech or of office after it ('张丽凤说', '习近平会见'). (Being named twice
is no evidence: jieba tags 莫斯科, 金家庄 and 达摩院 as people.) Once vouched for, every mention of the name in the article counts. Name-shaped words
nothing vouches for in an article are kept as `mentions`: `promote` makes them people
when the same name is a person in at least PROMOTE_ARTICLES other articles of the
archive, so a frequently named person is recognised wherever they appear.

No phrases: a given name is never a function character (的, 向, 说), and a given name
of two characters that is a dictionary word must not be a common word of general Chinese
(GIVEN_MAX_FREQ): 栗|战书 is a name, 武|这样 and 向|记者 are not.
Bylines are not mentions: the article's authors and photographers are never listed.
Notices name private people (a foundling, a dismissed employee) and get no people.

Places: a name from places.txt (the editor's list, with aliases such as 万柏林 →
万柏林区; it always wins), else from the gazetteer of places.py (China's provinces,
prefectures and counties, the world's countries and major cities; a name several
districts share is resolved by the city the article names, or left out). Below the
county level, a word jieba's dictionary tags as a place name (ns) that ends in 镇 or 乡
and is not a generic phrase ('城郊乡', '中心镇'). Nothing else: jieba tags many phrases
ending in 市 or 区 as places (大中城市, 无人区, 非上市, 大型超市).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from .lexicon import Lexicon
from .places import gazetteer, prefix_form

MAX_PEOPLE = 8
MAX_PLACES = 8

SURNAMES = frozenset(
    "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤弓柴常申司牛岳樊乔温霍耿靳聂晋裴卫蓝"
    "习栗祁翟宁甘艾鲁葛房包左庞施洪梅殷伍倪欧仇骆康齐邢伊符诸苗滕颜詹闵邬蔺匡童涂凌柯甄"
    "隋储焦项纪穆窦麦管景臧柏尚宫闻屈游鞠辛丛卞桂蒲阮吉巩谷"
    "郎池娄迟尤鄢杭冉仲宿揭")
"""Chinese surnames; a one-character word from this set may start a name. Surnames that
are also everyday function characters (于, 时, 全, 安, 应) are left out: as single
words they are nearly always the function word."""

_NOT_GIVEN = frozenset("的了在是和与及等对向从为把被将也都就又还到让给着过说会要已并而或但"
                       "市省区县镇乡村街路号年月日时分个名位")
"""Characters that end a name: function words, units and place endings."""

TITLE_ENDINGS = (
    "书记", "主任", "局长", "厅长", "市长", "县长", "区长", "省长", "镇长", "乡长", "村长",
    "部长", "处长", "科长", "所长", "站长", "院长", "校长", "行长", "社长", "队长", "组长",
    "团长", "会长", "董事长", "经理", "主席", "委员", "常委", "总监", "专家", "教授", "老师",
    "医生", "律师", "工程师", "志愿者", "居民", "市民", "村民", "网格员", "党员", "民警",
    "领导", "干部", "代表", "馆长", "园长", "主管", "师傅", "家长", "同学",
    "委员长", "总理", "总统", "首相", "外长", "发言人", "大使", "院士", "研究员", "医师",
    "教练", "运动员", "选手", "队员", "球员", "导演", "演员", "作家", "传承人", "大户",
)
"""A word ending in one of these, just before a name, vouches for it ('厅长潘海燕')."""

AFTER_CUES = frozenset((
    "说", "表示", "介绍", "认为", "指出", "强调", "称", "告诉", "坦言", "谈到", "解释",
    "透露", "说道", "回忆", "同志", "老人", "先生", "女士", "提醒", "建议", "要求",
    "主持", "出席", "会见", "会谈", "致辞", "讲话", "宣布",
))
"""A word just after a name that vouches for it ('张丽凤说', '刘广老人', '习近平会见')."""

GIVEN_MAX_FREQ = 5000
"""A two-character dictionary word is a given name only if jieba's frequency of it, as a
word of general Chinese, is below this (战书 25, 建平 528, 建国 3,083; 记者 24,649) and it
is no pronoun, preposition, conjunction, particle, adverb, numeral or verb
(_NOT_NAME_TAGS: 这样 r)."""
_NOT_NAME_TAGS = frozenset(("r", "p", "c", "u", "d", "m", "q", "v", "f", "t"))
PROMOTE_ARTICLES = 2
"""A name that is a person in this many articles is a person wherever it is named."""

_PERSON_TAGS = frozenset(("nr", "nrfg", "nrt"))
_PLACE_ENDINGS = ("镇", "乡")
"""Endings of the place names below the county level taken from jieba's tags (towns
and townships are not in the gazetteer)."""
_PLACE_NOT_FIRST = frozenset("各外全本该我小大中城乡重特")
"""First characters of unit phrases that are not names ('各乡镇', '小城镇', '特色小镇')."""
_NOT_PLACES = frozenset(("中心镇", "城郊乡", "专业镇", "重点镇", "建制镇", "名镇", "古镇"))
"""Words jieba's dictionary tags as places that are not the name of one."""



def is_title(word: str) -> bool:
    return len(word) <= 7 and word.endswith(TITLE_ENDINGS)


def _han(word: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in word)


class _Tags(Protocol):
    def get(self, word: str, default: str, /) -> str | None: ...


def _never(word: str) -> int:
    return 0


class Finder:
    """Finds the people and places in an article's words (one per process).

    The words that can start a name or be a place are known in advance (the lists,
    the surnames, jieba's person and place tags), so an article's distinct words are
    intersected with them in one set operation and only the few found are looked at
    word by word."""

    def __init__(self, lexicon: Lexicon, tags: _Tags,
                 guess: Callable[[str], list[tuple[str, str]]] | None = None,
                 frequency: Callable[[str], int] | None = None) -> None:
        self.lexicon = lexicon
        self._tags = tags
        """Word → part of speech (`get(word, default)`: Segmenter.tags, or a dict)."""
        self._guess = guess
        """jieba's HMM with tags on a short run of characters (Segmenter.guess_words)."""
        self._frequency = frequency or _never
        """Word → jieba's general frequency (0 for a word it lacks)."""
        people = lexicon.people.canonical
        self._starters = set(people) | SURNAMES
        """Words a name may start with: a listed name, a surname, a word tagged as a
        person (those among the words met so far: `_learn`)."""
        self._gazetteer = gazetteer()
        self._listed = {word: name for word, name in lexicon.places.canonical.items()
                        if name not in lexicon.stopwords}
        """Word → the place it names: a name or alias of places.txt, or a town's name
        (towns among the words met so far)."""
        self._place_words = set(self._listed) | {w for w in self._gazetteer.forms if w not in lexicon.stopwords}
        self._initials = frozenset(w[0] for w in self._gazetteer.forms)
        self._compounds: dict[str, str] = {}
        """Word → the place name it starts with ('日本政府' → '日本'), for the words seen."""
        self._checked: set[str] = set()
        """Words already looked at for `_compounds`."""
        self._learned: set[str] = set()
        """Words already looked up in the tags (`_learn`)."""

    def _learn(self, words: list[str]) -> set[str]:
        """Look up the tags of the words not met before: a word tagged as a person that
        starts with a surname may start a name, a place-like word tagged as a place is a
        town. Word by word as they are met rather than over the whole dictionary (0.16 s
        a build), which a day's import, cutting a few articles, mostly never looks at.
        The distinct words."""
        distinct = set(words)
        new = distinct.difference(self._learned)
        if not new:
            return distinct
        self._learned |= new
        tag, known, stop = self._tags.get, self.lexicon.places.canonical, self.lexicon.stopwords
        for word in new:
            kind = tag(word, "")
            if kind in _PERSON_TAGS and word[0] in SURNAMES:
                self._starters.add(word)
            elif kind == "ns" and word not in known and word not in stop and _looks_like_place(word):
                self._listed[word] = word
                self._place_words.add(word)
        return distinct

    def people(self, words: list[str], exclude: frozenset[str]) -> tuple[str, ...]:
        """People mentioned in `words` (an article's words in order), most mentioned first."""
        return self.people_and_mentions(words, exclude)[0]

    def people_and_mentions(self, words: list[str],
                            exclude: frozenset[str]) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
        """(people, most mentioned first; name-shaped words nothing vouched for, with how
        often each is named, by name) in `words`."""
        self._learn(words)
        starters = self._starters.intersection(words)
        if not starters:
            return (), ()
        lexicon, known = self.lexicon, self.lexicon.people.canonical
        named: Counter[str] = Counter()
        vouched: set[str] = set()
        first: dict[str, int] = {}
        taken = -1
        for i in _positions(words, starters):
            if i < taken:
                continue  # inside a name already found
            word = words[i]
            if word in known:
                name, end = known[word], i + 1
                vouched.add(name)
            else:
                candidate, end = self._name_at(words, i)
                if not candidate:
                    continue
                name = known.get(candidate, candidate)
                # A two-character dictionary "person" is often a word (晋级, 蓝图, 高峰):
                # a title before it is not enough ('选手晋级'), a verb after it is.
                after_only = end == i + 1 and len(candidate) == 2
                if name in known or _vouched(words, i, end, after_only):
                    vouched.add(name)
            if name in exclude or name in lexicon.stopwords or name in lexicon.places.canonical:
                continue
            named[name] += 1
            first.setdefault(name, i)
            taken = end
        people = Counter({name: named[name] for name in vouched if name in named})
        mentions = tuple(sorted((name, times) for name, times in named.items() if name not in vouched))
        return _most_common(people, first, MAX_PEOPLE), mentions

    def _name_at(self, words: list[str], i: int) -> tuple[str, int]:
        """A name-shaped word starting at word i and the index after it, or ('', i + 1)."""
        word = words[i]
        tag = self._tags.get(word, "")
        if tag in _PERSON_TAGS and 2 <= len(word) <= 3 and _han(word) and word[0] in SURNAMES:
            return word, i + 1
        if len(word) != 1 or word not in SURNAMES:
            return "", i + 1
        name, j = word, i + 1
        while j < len(words) and len(name) < 3:
            given = words[j]
            if (not _han(given) or len(name) + len(given) > 3 or given in AFTER_CUES
                    or any(ch in _NOT_GIVEN for ch in given) or is_title(given)
                    or (len(given) > 1 and (self._frequency(given) >= GIVEN_MAX_FREQ
                                            or self._tags.get(given, "") in _NOT_NAME_TAGS))):
                break
            name += given
            j += 1
        if len(name) < 2:
            return "", i + 1
        if self._guess is not None and j - i == len(name):
            # Single characters only ('王|利|波'): jieba's HMM must not read some other
            # word there ('包联' ns; '王利波' nr, '王帅|红' nr and '丁|薛祥' are names).
            guessed, guessed_tag = self._guess(name)[0]
            if guessed_tag not in _PERSON_TAGS and len(guessed) >= 2:
                return "", i + 1
        return name, j

    def places(self, words: list[str]) -> tuple[str, ...]:
        """Every place named in `words`, most mentioned first (MAX_PLACES are shown)."""
        distinct = self._learn(words)
        present = self._place_words.intersection(distinct)
        for word in distinct.difference(self._checked):  # each word once per process
            form = prefix_form(word, self._gazetteer.forms) if len(word) >= 3 and word[0] in self._initials else ""
            if form and word not in self._place_words and form not in self.lexicon.stopwords:
                self._compounds[word] = form
        self._checked.update(distinct)
        compounds = self._compounds.keys() & distinct
        if compounds:  # counted as mentions of the place they start with
            words = [self._compounds[w] if w in compounds else w for w in words]
            present = self._place_words.intersection(words)
        if not present:
            return ()
        names = self._gazetteer.resolve({w: 1 for w in present if w not in self._listed})
        names.update((w, self._listed[w]) for w in present if w in self._listed)
        stop = self.lexicon.stopwords
        found: Counter[str] = Counter()
        first: dict[str, int] = {}
        for word, name in names.items():
            if name in stop:
                continue  # the home city, when an editor lists it as a stop word
            at = [i for i in _positions(words, {word})
                  if name == word or not _street_after(words, i)]  # 桃园|南路 is a street
            if at:
                found[name] += len(at)
                first[name] = min(first.get(name, at[0]), at[0])
        return _most_common(found, first, len(found))


def _positions(words: list[str], wanted: set[str]) -> list[int]:
    """Where the words of `wanted` occur in `words`, in order (found by list.index, in C)."""
    found = []
    for word in wanted:
        at = words.index(word)
        while True:
            found.append(at)
            try:
                at = words.index(word, at + 1)
            except ValueError:
                break
    found.sort()
    return found


def _vouched(words: list[str], start: int, end: int, after_only: bool = False) -> bool:
    before = words[start - 1] if start > 0 and not after_only else ""
    after = words[end] if end < len(words) else ""
    return is_title(before) or after in AFTER_CUES


def promote(people: Sequence[tuple[str, ...]],
            mentions: Sequence[tuple[tuple[str, int], ...]]) -> list[tuple[str, ...]]:
    """Every article's people, followed by the names it mentions that are people in at
    least PROMOTE_ARTICLES other articles of the archive (most named first; at most
    MAX_PEOPLE in all)."""
    counts = Counter(name for names in people for name in names)
    promoted = []
    for names, named in zip(people, mentions, strict=True):
        extra = [(name, times) for name, times in named if counts[name] >= PROMOTE_ARTICLES]
        if not extra:
            promoted.append(names)
            continue
        ranked = list(names) + [name for name, _ in sorted(extra, key=lambda item: (-item[1], item[0]))]
        promoted.append(tuple(ranked[:MAX_PEOPLE]))
    return promoted


def person_names(people: Iterable[tuple[str, ...]]) -> frozenset[str]:
    """Every person of the archive."""
    return frozenset(name for names in people for name in names)


_STREET = ("路", "街", "大街", "大道", "南路", "北路", "东路", "西路", "中路", "巷", "胡同", "里")
"""Words after a short place name that make it part of a street's name ('桃园南路')."""


def _street_after(words: list[str], i: int) -> bool:
    return i + 1 < len(words) and words[i + 1] in _STREET


def _looks_like_place(word: str) -> bool:
    return (3 <= len(word) <= 6 and _han(word) and word.endswith(_PLACE_ENDINGS)
            and word[0] not in _PLACE_NOT_FIRST and word not in _NOT_PLACES
            and not word.endswith(("乡镇", "城镇", "小镇", "集镇")))


def _most_common(found: Counter[str], first: dict[str, int], limit: int) -> tuple[str, ...]:
    """Most mentioned first; ties by first mention, so the order reads like the article."""
    ranked = sorted(found, key=lambda name: (-found[name], first[name]))
    return tuple(ranked[:limit])
