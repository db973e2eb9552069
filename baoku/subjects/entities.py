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
from collections.abc import Mapping

from .lexicon import Lexicon
from .places import gazetteer, prefix_form

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


class Finder:
    """Finds the people and places in an article's words (one per process).

    The words that can start a name or be a place are known in advance (the lists,
    the surnames, jieba's person and place tags), so an article's distinct words are
    intersected with them in one set operation and only the few found are looked at
    word by word."""

    def __init__(self, lexicon: Lexicon, tags: Mapping[str, str]) -> None:
        self.lexicon = lexicon
        self._tags = tags
        people = lexicon.people.canonical
        self._starters = frozenset(people) | SURNAMES | frozenset(
            word for word, tag in tags.items() if tag in _PERSON_TAGS and word[0] in SURNAMES)
        """Words a name may start with: a listed name, a surname, a word tagged as a person."""
        self._gazetteer = gazetteer()
        known = lexicon.places.canonical
        towns = {word: word for word, tag in tags.items() if tag == "ns" and _looks_like_place(word)}
        self._listed = {word: name for word, name in (towns | known).items()
                        if name not in lexicon.stopwords}
        """Word → the place it names: a name or alias of places.txt, or a town's name."""
        self._place_words = frozenset(self._listed) | frozenset(
            w for w in self._gazetteer.forms if w not in lexicon.stopwords)
        self._initials = frozenset(w[0] for w in self._gazetteer.forms)
        self._compounds: dict[str, str] = {}
        """Word → the place name it starts with ('日本政府' → '日本'), for the words seen."""
        self._checked: set[str] = set()
        """Words already looked at for `_compounds`."""

    def people(self, words: list[str], exclude: frozenset[str]) -> tuple[str, ...]:
        """People mentioned in `words` (an article's words in order), most mentioned first."""
        starters = self._starters.intersection(words)
        if not starters:
            return ()
        lexicon, known = self.lexicon, self.lexicon.people.canonical
        found: Counter[str] = Counter()
        first: dict[str, int] = {}
        taken = -1
        for i in _positions(words, starters):
            if i < taken:
                continue  # inside a name already found
            word = words[i]
            name, end = "", i + 1
            if word in known:
                name = known[word]
            else:
                candidate, end = _name_at(words, i, self._tags.get(word, ""))
                if candidate and _vouched(words, i, end):
                    name = known.get(candidate, candidate)
            if name and name not in exclude and name not in lexicon.stopwords \
                    and name not in lexicon.places.canonical:
                found[name] += 1
                first.setdefault(name, i)
                taken = end
        return _most_common(found, first, MAX_PEOPLE)

    def places(self, words: list[str]) -> tuple[str, ...]:
        """Every place named in `words`, most mentioned first (MAX_PLACES are shown)."""
        present = self._place_words.intersection(words)
        distinct = set(words)
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


def _name_at(words: list[str], i: int, tag: str) -> tuple[str, int]:
    """A name-shaped word starting at word i and the index after it, or ('', i + 1)."""
    word = words[i]
    if tag in _PERSON_TAGS and 2 <= len(word) <= 4 and _han(word) and word[0] in SURNAMES:
        return word, i + 1
    if len(word) != 1 or word not in SURNAMES:
        return "", i + 1
    name, j = word, i + 1
    while j < len(words) and len(name) < 3:
        given = words[j]
        if (not _han(given) or len(name) + len(given) > 3 or given in AFTER_CUES
                or any(ch in _NOT_GIVEN for ch in given)):
            break
        name += given
        j += 1
    return (name, j) if len(name) >= 2 else ("", i + 1)


def _vouched(words: list[str], start: int, end: int) -> bool:
    before = words[start - 1] if start > 0 else ""
    after = words[end] if end < len(words) else ""
    return is_title(before) or after in AFTER_CUES


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
