"""The places every archive knows: China's divisions with their hierarchy, and the world's.

gazetteer.tsv (made by gazetteer.py from jionlp's data; see there why it is vendored)
lists China's provinces, prefectures and counties with their parents, and the world's
countries (≈195) with their capitals and major cities (≈280). An article's place words
are looked up here after content/subjects/places.txt, which an editor keeps and which
always wins.

What a written form names:

- full names (澳门特别行政区, 朝阳区, 美国, 美利坚合众国) always;
- short names of provinces (河北, 内蒙古, 香港) and of prefectures (广州, 大理) — but
  not of counties: a county's short name is too often a word (小店, 城关, 和平); nor
  prefecture short names that are ordinary words (COMMON_WORDS: 东方, 白银, 来宾);
  where two places share a short name the higher level keeps it (吉林 → 吉林省);
- X特区 for a special administrative region (澳门特区 → 澳门特别行政区).

A name several places share (朝阳区 in Beijing and in Changchun, 城关区, 江北区) is
resolved by the article itself: the candidate whose city (or, failing that, province)
the article also names. When the article names none or several, the name is left out,
never merged: a miss is better than one page for districts of different cities. A
resolved shared name is shown with its city (北京市朝阳区), so its page is one place.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("gazetteer.tsv")

KINDS = ("province", "city", "county", "country", "foreign-city")
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}

COMMON_WORDS = frozenset((
    "东方", "来宾", "白银", "阿里", "玉树", "普洱", "朝阳", "红河", "黄山", "中山", "安康",
    "白山", "海东", "海北", "海西", "海南", "黄南", "文山", "日照", "金华", "德宏", "果洛",
))
"""Short names of prefectures that are ordinary words or names of other things (东方
'east', 白银 'silver', 阿里 Alibaba, 黄山 the mountain, 中山 Sun Yat-sen, 金华 ham,
日照 'sunshine'): only the full name (东方市) counts."""

NOT_COUNTRIES = frozenset(("中非",))
"""Country short names that mean something else in Chinese news: 中非 is China–Africa
(中非合作论坛); only the full name 中非共和国 counts."""


@dataclass(frozen=True, slots=True)
class Place:
    """One place of the gazetteer."""

    id: str
    """Administrative code (China) or 'w-…' (the world list)."""
    kind: str
    """One of KINDS."""
    name: str
    """Full name: 澳门特别行政区, 朝阳区, 美国."""
    parent: str
    """Id of the place it belongs to ('' for a province or a country)."""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    places: dict[str, Place]
    """Id → place."""
    forms: dict[str, tuple[str, ...]]
    """Written form → ids of the places it may name (several for a shared name)."""
    shown: dict[str, str]
    """Id → the name readers see: the full name, with the city's for a shared name."""
    named: dict[str, str]
    """The name shown → id (the inverse of `shown`)."""
    digest: str
    """Hash of the data file: analyses cached with another gazetteer are stale."""

    def resolve(self, counts: Mapping[str, int]) -> dict[str, str]:
        """Written form → the name shown, for the forms in `counts` (an article's place
        words) that name one place; a shared name the article does not resolve is left out."""
        sure: dict[str, str] = {}
        shared: dict[str, tuple[str, ...]] = {}
        for form in counts:
            ids = self.forms.get(form, ())
            if len(ids) == 1:
                sure[form] = ids[0]
            elif ids:
                shared[form] = ids
        named = set(sure.values())
        for form, ids in shared.items():
            for level in (1, 2):  # the city, else the province
                fits = [i for i in ids if self._ancestor(i, level) in named]
                if len(fits) == 1:
                    sure[form] = fits[0]
                    break
        return {form: self.shown[i] for form, i in sure.items()}

    def _ancestor(self, place_id: str, level: int) -> str:
        for _ in range(level):
            place = self.places.get(place_id)
            if place is None:
                return ""
            place_id = place.parent
        return place_id

    def describe(self, shown: str) -> str:
        """What a place's page says of it: its kind and where it belongs ('北京市辖区')."""
        place = self.places.get(self.named.get(shown, ""))
        if place is None:
            return ""
        parent = self.places.get(place.parent)
        if place.kind == "foreign-city":
            return f"{parent.name}城市。" if parent else ""
        if place.kind == "country":
            return "国家。"
        if parent is None:
            return "省级行政区。"
        grand = self.places.get(parent.parent)
        within = f"{grand.name}{parent.name}" if grand and grand.name != parent.name else parent.name
        return f"{within}辖{'市' if place.kind == 'city' else '县级行政区'}。"


@functools.cache
def gazetteer(path: Path = DATA) -> Gazetteer:
    """The gazetteer in `path` (read once per process)."""
    raw = path.read_bytes()
    places: dict[str, Place] = {}
    shorts: dict[str, str] = {}
    for line in raw.decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        pid, kind, name, short, parent = line.split("\t")
        if name in NOT_COUNTRIES and short:
            name, short = short, ""  # 中非共和国 by its full name only
        places[pid] = Place(pid, kind, name, parent)
        if short:
            shorts[pid] = short
    forms: dict[str, list[str]] = {}
    for pid, place in places.items():
        forms.setdefault(place.name, []).append(pid)
        if place.name.endswith("特别行政区"):
            forms.setdefault(place.name.removesuffix("特别行政区") + "特区", []).append(pid)
    # Short names: the highest level keeps a name two levels share; one level, neither.
    claims: dict[str, list[str]] = {}
    for pid, short in shorts.items():
        kind = places[pid].kind
        if len(short) < 2 or short in forms or (kind == "city" and short in COMMON_WORDS) \
                or (kind == "country" and short in NOT_COUNTRIES):
            continue
        claims.setdefault(short, []).append(pid)
    for short, ids in claims.items():
        best = min(_RANK[places[i].kind] for i in ids)
        top = [i for i in ids if _RANK[places[i].kind] == best]
        if len(top) == 1:
            forms[short] = top
    shared = {i for ids in forms.values() if len(ids) > 1 for i in ids}
    shown = {}
    for pid, place in places.items():
        parent = places.get(place.parent)
        shown[pid] = parent.name + place.name if pid in shared and parent else place.name
    return Gazetteer(places, {f: tuple(sorted(ids)) for f, ids in forms.items()}, shown,
                     {name: pid for pid, name in shown.items()}, hashlib.sha256(raw).hexdigest())


HEADS = ("政府", "国会", "议会", "总统", "总理", "首相", "外长", "外交部", "国防部", "军方",
         "军队", "当局", "央行", "队", "代表团", "大使馆", "驻华", "都", "方面", "境内", "各地",
         "全国", "首都", "人民", "民众", "国内", "经济")
"""What follows a country's or a province's name in words jieba's dictionary keeps whole
('日本政府', '美国国会众议院', '东京都', '巴西队'): such a word names the place too."""


def prefix_form(word: str, forms: Mapping[str, tuple[str, ...]]) -> str:
    """The place name a compound word starts with ('日本政府' → '日本'), or ''.
    Only before one of HEADS, so '北京大学' or '上海市场' name no place."""
    for cut in range(len(word) - 1, 1, -1):
        head, rest = word[:cut], word[cut:]
        if head in forms and rest.startswith(HEADS):
            return head
    return ""


def tokenizer_words(known: Mapping[str, str]) -> tuple[str, ...]:
    """Written forms the tokenizer must learn to keep them whole: those not in `known`
    (jieba's dictionary), in a stable order. Newer districts (崇明区, 康巴什区) and long
    names of autonomous counties are not in jieba's dictionary."""
    return tuple(sorted(form for form in gazetteer().forms if form not in known))
