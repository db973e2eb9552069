"""Overview pages of the subject indexes that stay small at any archive size.

An overview ('topic/') lists the OVERVIEW_TOP terms with the most articles, most first,
and an A–Z index by the pinyin of each name's first character (pypinyin, which reads
characters in context: 重庆 is C, 长春 is C, 银行 is Y). Each letter has its own page
('topic/az/c.html') listing its terms by pinyin, split into parts of LETTER_PAGE terms
('topic/az/c-2.html'), so no page grows with the archive past a fixed bound: measured
at 20,000 articles in docs/subjects.md. A taxonomy of at most OVERVIEW_TOP terms (the
sections) has no index: its overview lists them all.

A name's pinyin (`Spelled`) is a function of the name and of pypinyin's version alone:
the build keeps every indexed name's in `.cache/pinyin.store` and passes them in
(Site.spelled), so that a day's build, which seldom adds a term, neither converts
thousands of names again nor imports pypinyin (0.2 s of every build at 20,000
articles, and 0.06 s of conversions).
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import cachefile, urls
from .indexes import Term

if TYPE_CHECKING:
    from .views import Site

OVERVIEW_TOP = 300
"""Terms an overview lists by size; the rest are reached through the A–Z index."""
LETTER_PAGE = 1000
"""Terms per part of a letter's page. An entry is about 150 bytes (its link percent-encodes
every Chinese character in 9 bytes), 200 for a long name: at most ~200 KB a page."""
OTHER = "#"
"""The index entry of names that start with neither a Chinese character nor a letter."""
LETTERS = tuple(string.ascii_uppercase) + (OTHER,)


Spelled = dict[str, tuple[str, str]]
"""Name → (its pinyin, its index letter): `spell`, kept between builds."""


def initial(name: str) -> str:
    """The index letter of a name: its pinyin's first letter, a Latin letter as it is,
    else OTHER ('重庆' → 'C', 'G20峰会' → 'G', '5G' → '#')."""
    if not name or name[0].isascii():
        letter = name[:1].upper()
    else:
        from pypinyin import Style, lazy_pinyin  # only for names not spelled before (Spelled)
        first = lazy_pinyin(name[:2], style=Style.FIRST_LETTER, errors="ignore")
        letter = (first[0][:1] if first else "").upper()
    return letter if letter and letter in string.ascii_uppercase else OTHER


def sort_key(name: str) -> tuple[str, str]:
    """Pinyin order, ties by the characters ('北京' before '背景')."""
    from pypinyin import lazy_pinyin
    return (" ".join(lazy_pinyin(name)), name)


def spell(name: str, spelled: Spelled) -> tuple[str, str]:
    """The name's (pinyin, index letter), from `spelled` or converted and added there."""
    found = spelled.get(name)
    if found is None:
        found = spelled[name] = (sort_key(name)[0], initial(name))
    return found


def groups(site: Site, taxonomy: str) -> dict[str, list[tuple[Term, ...]]]:
    """Letter → its parts (each LETTER_PAGE terms at most, in pinyin order) of the
    taxonomy's terms; only letters that have terms. Made once per build (memoised on the
    site, whose lifetime it shares: a module-level memo kept every article of the build
    alive after the build let go of them, while Pagefind indexed the settled tiers).
    Names' pinyin comes from `site.spelled`, where the names spelled now are added."""
    found = site.groups.get(taxonomy)
    if found is not None:
        return found
    terms = site.indexes.terms[taxonomy]
    spellings = [spell(term.name, site.spelled) for term in terms]
    by_letter: dict[str, list[Term]] = {}
    for n in sorted(range(len(terms)), key=lambda n: (spellings[n][0], terms[n].name)):
        by_letter.setdefault(spellings[n][1], []).append(terms[n])
    made = site.groups[taxonomy] = {
        letter: [tuple(items[i:i + LETTER_PAGE]) for i in range(0, len(items), LETTER_PAGE)]
        for letter, items in sorted(by_letter.items(), key=lambda pair: LETTERS.index(pair[0]))}
    return made


def indexed(terms: tuple[Term, ...]) -> bool:
    """Whether a taxonomy has more terms than its overview lists (so an A–Z index)."""
    return len(terms) > OVERVIEW_TOP


def letter_pages(site: Site, taxonomy: str) -> list[tuple[str, str, str, Any]]:
    """The plan's pages (url, template, builder, argument) of a taxonomy's A–Z index."""
    terms = site.indexes.terms[taxonomy]
    if not indexed(terms):
        return []
    return [(urls.taxonomy_letter(taxonomy, letter, part), "taxonomy.html", "letter", (taxonomy, letter, part))
            for letter, parts in groups(site, taxonomy).items() for part in range(1, len(parts) + 1)]


def index_links(site: Site, taxonomy: str, here: str = "") -> list[tuple[str, str | None]]:
    """(letter, URL of its first page, None for the current letter) of the A–Z index."""
    if not indexed(site.indexes.terms[taxonomy]):
        return []
    return [(letter, None if letter == here else urls.taxonomy_letter(taxonomy, letter))
            for letter in groups(site, taxonomy)]


def part_links(taxonomy: str, letter: str, parts: int, here: int) -> list[tuple[str, str | None]]:
    """(label, URL or None for this part) of a letter's parts, when it has several."""
    if parts < 2:
        return []
    return [(str(n), None if n == here else urls.taxonomy_letter(taxonomy, letter, n)) for n in range(1, parts + 1)]


PINYIN_FILE = "pinyin.store"
"""Names' pinyin (overviews.Spelled), in the build's cache folder."""


def _spelling_key() -> tuple[str, str]:
    return ("baoku-pinyin-1", cachefile.code_key(__name__))


def kept(cache: Path | None) -> Spelled:
    """The names the last build spelled in pinyin ({} for none)."""
    def shape(value: Any) -> Spelled:
        table = cachefile.expect(value, dict)
        if not all(type(name) is str and type(pair) is tuple and len(pair) == 2 and type(pair[0]) is str
                   and type(pair[1]) is str for name, pair in table.items()):
            raise TypeError("not names and their pinyin")
        return table
    return (cachefile.read(cache / PINYIN_FILE, _spelling_key(), shape) if cache else None) or {}


def keep(cache: Path | None, before: Spelled, site: Site) -> None:
    """Keep the pinyin of the names this build's A–Z indexes hold, when they differ
    from the last build's."""
    names = {term.name for terms in site.indexes.terms.values() if indexed(terms) for term in terms}
    now = {name: site.spelled[name] for name in sorted(names) if name in site.spelled}
    if cache is not None and now != before:
        cachefile.write(cache / PINYIN_FILE, _spelling_key(), now)
