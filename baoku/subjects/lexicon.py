"""Read the editable files that steer subject analysis: the section taxonomy and word lists.

Everything an editor can tune lives in plain text under content/, so a wrong topic is
fixed by editing a list, not the code. This module only reads and checks those files.
Every bad line becomes a Problem naming file and line, and the rest of the file is
still used: a typo in one alias must not stop a build, but it must be reported.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from ..model import KINDS, Section
from ..typeset import cjk_punctuation
from . import general
from . import places as places_module

SECTIONS_FILE = "sections.toml"
DICTIONARY_FILE = "subjects/dictionary.txt"
STOPWORDS_FILE = "subjects/stopwords.txt"
TOPICS_FILE = "subjects/topics.txt"
PLACES_FILE = "subjects/places.txt"
PEOPLE_FILE = "subjects/people.txt"
FILES = (SECTIONS_FILE, DICTIONARY_FILE, STOPWORDS_FILE, TOPICS_FILE, PLACES_FILE, PEOPLE_FILE)
"""Every file read, relative to content/ (all but sections.toml are optional)."""

STRONG_WEIGHT = 3.0
"""Score of one occurrence of a section's `strong` word; `words` count 1."""

FALLBACK_SECTION = Section("综合", "general", "未能归入其他栏目的稿件。")
"""Used only when sections.toml is missing or names no section, so a build still runs."""

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TAG = re.compile(r"^[a-z]{1,4}$")
_SECTION_KEYS = ("name", "slug", "description", "iptc", "kinds", "columns", "strong", "words", "pages",
                 "abroad")
_TOP_KEYS = ("default", "section")


@dataclass(frozen=True, slots=True)
class SectionRule:
    """A section with what assigns articles to it."""

    section: Section
    kinds: tuple[str, ...]
    """Article kinds that always go here (e.g. commentary → 评论)."""
    keywords: dict[str, float]
    """Word → score per occurrence, for the rules classifier."""
    pages: dict[str, float] = field(default_factory=dict)
    """Printed page name (or a part of it: '国际' of '国际新闻') → score (要闻 → 时政)."""
    abroad: float = 0.0
    """Score of a story datelined abroad ('本报东京5月3日电'); foreign places named add
    a quarter of it each, up to the same again."""
    columns: tuple[str, ...] = ()
    """Labels that put an article here whatever its words, like `kinds`: its column,
    kicker or title starting with one, or a byline containing one (今日谈, 评论员)."""


@dataclass(frozen=True, slots=True)
class NameList:
    """Canonical names with aliases: topics.txt, places.txt, people.txt."""

    canonical: dict[str, str] = field(default_factory=dict)
    """Every name and alias → its canonical name (a canonical name maps to itself)."""
    descriptions: dict[str, str] = field(default_factory=dict)
    """Canonical name → one-line description, where the file gives one."""

    def names(self) -> list[str]:
        """Every canonical name and alias, in file order."""
        return list(self.canonical)


@dataclass(frozen=True, slots=True)
class UserWord:
    """One word for the tokenizer's dictionary (jieba's user-dictionary line)."""

    word: str
    freq: int | None = None
    """None lets jieba choose a frequency high enough to keep the word whole."""
    tag: str | None = None
    """Part of speech (ns place, nr person, nz other proper noun, …)."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything read from content/ that steers analysis."""

    rules: tuple[SectionRule, ...]
    default_section: str
    """Section for articles no rule and no keyword decides."""
    words: tuple[UserWord, ...]
    """dictionary.txt plus every name in topics, places and people, for the tokenizer."""
    stopwords: frozenset[str]
    topics: NameList
    places: NameList
    people: NameList
    digest: str
    """Hash of every file's bytes: cached analyses are valid only for the same lexicon."""

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(rule.section for rule in self.rules)


def load_lexicon(content_dir: Path) -> tuple[Lexicon, list[Problem]]:
    """Read sections.toml and content/subjects/*.txt; missing word lists count as empty."""
    problems: list[Problem] = []
    texts = {name: _read(content_dir, name, problems) for name in FILES}
    if texts[SECTIONS_FILE] is None:
        problems.append(Problem(SECTIONS_FILE, 0, "", "is missing: the build needs the section "
                                "taxonomy; restore content/sections.toml from the repository"))
    rules, default = _sections(texts[SECTIONS_FILE] or "", problems)
    stopwords, stop_lines = _stopwords(texts[STOPWORDS_FILE] or "")
    dictionary = _dictionary(texts[DICTIONARY_FILE] or "", problems)
    topics, topic_lines = _name_list(TOPICS_FILE, texts[TOPICS_FILE] or "", problems)
    places, place_lines = _name_list(PLACES_FILE, texts[PLACES_FILE] or "", problems)
    people, people_lines = _name_list(PEOPLE_FILE, texts[PEOPLE_FILE] or "", problems)
    for file, names, lines in ((TOPICS_FILE, topics, topic_lines), (PLACES_FILE, places, place_lines),
                               (PEOPLE_FILE, people, people_lines)):
        for name in names.canonical:
            if name in stopwords:
                problems.append(Problem(file, lines[name], "", f"{name!r} is also in {STOPWORDS_FILE} "
                                        f"(line {stop_lines[name]}); remove it from one of the two"))
    tagged = ([(w, "nz") for w in topics.names()] + [(w, "ns") for w in places.names()]
              + [(w, "nr") for w in people.names()])
    tagged += [(w, "ns") for w in places_module.tokenizer_words(general.dictionary())]
    listed = {w.word for w in dictionary}
    words = dictionary + tuple(UserWord(w, None, tag) for w, tag in dict(tagged).items()
                               if w not in listed)
    digest = hashlib.sha256(places_module.gazetteer().digest.encode())
    for name in FILES:
        digest.update(f"{name}\0{texts[name] or ''}\0".encode())
    lexicon = Lexicon(rules, default, words, frozenset(stopwords), topics, places, people,
                      digest.hexdigest())
    return lexicon, sorted(problems)


def _read(content_dir: Path, name: str, problems: list[Problem]) -> str | None:
    file = content_dir / name
    if not file.is_file():
        return None
    try:
        return file.read_text(encoding="utf-8").lstrip("\ufeff")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, 0, "", f"cannot be read as UTF-8 text: {exc}"))
        return None


def _lines(text: str) -> list[tuple[int, str]]:
    """(line number, stripped line) for every line that is not blank or a '#' comment."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            found.append((number, line))
    return found


# --- sections.toml -------------------------------------------------------------------------

def _sections(text: str, problems: list[Problem]) -> tuple[tuple[SectionRule, ...], str]:
    """The taxonomy in file order, and the default section's name."""
    if not text:
        return (SectionRule(FALLBACK_SECTION, (), {}),), FALLBACK_SECTION.name
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(SECTIONS_FILE, int(match.group(1)) if match else 0, "",
                                f"is not valid TOML: {exc}"))
        return (SectionRule(FALLBACK_SECTION, (), {}),), FALLBACK_SECTION.name
    lines = text.splitlines()
    for key in raw:
        if key not in _TOP_KEYS:
            problems.append(Problem(SECTIONS_FILE, _line_of(lines, key), key,
                                    f"unknown setting; expected one of: {', '.join(_TOP_KEYS)}"))
    tables = raw.get("section", [])
    if not isinstance(tables, list):
        tables = []
    starts = [n for n, line in enumerate(lines, 1) if line.strip() == "[[section]]"]
    rules: list[SectionRule] = []
    names: dict[str, int] = {}
    slugs: dict[str, int] = {}
    kind_owner: dict[str, str] = {}
    for index, table in enumerate(tables):
        start = starts[index] if index < len(starts) else 0
        rule = _section(table, start, lines, problems)
        if rule is None:
            continue
        name, slug = rule.section.name, rule.section.slug
        if name in names:
            problems.append(Problem(SECTIONS_FILE, start, "name",
                                    f"section {name!r} is already defined on line {names[name]}"))
            continue
        if slug in slugs:
            problems.append(Problem(SECTIONS_FILE, start, "slug",
                                    f"slug {slug!r} is already used on line {slugs[slug]}"))
            continue
        for kind in rule.kinds:
            if kind in kind_owner:
                problems.append(Problem(SECTIONS_FILE, start, "kinds",
                                        f"kind {kind!r} already goes to {kind_owner[kind]!r}"))
            kind_owner.setdefault(kind, name)
        names[name], slugs[slug] = start, start
        rules.append(rule)
    if not rules:
        problems.append(Problem(SECTIONS_FILE, 0, "section", "defines no section; add at least "
                                "one [[section]] table with name and slug"))
        rules.append(SectionRule(FALLBACK_SECTION, (), {}))
    default = raw.get("default")
    if not isinstance(default, str) or default not in {r.section.name for r in rules}:
        problems.append(Problem(SECTIONS_FILE, _line_of(lines, "default"), "default",
                                f"must name one of the sections ({', '.join(names) or '—'}), "
                                f"got {default!r}"))
        default = rules[0].section.name
    # A kind claimed twice keeps its first owner: drop it from later sections.
    rules = [SectionRule(r.section, tuple(k for k in r.kinds if kind_owner.get(k) == r.section.name),
                         r.keywords, r.pages, r.abroad, r.columns) for r in rules]
    return tuple(rules), default


def _section(table: object, start: int, lines: list[str],
             problems: list[Problem]) -> SectionRule | None:
    if not isinstance(table, dict):
        problems.append(Problem(SECTIONS_FILE, start, "section", "must be a table"))
        return None
    for key in table:
        if key not in _SECTION_KEYS:
            problems.append(Problem(SECTIONS_FILE, _line_of(lines, key, start), key,
                                    f"unknown key; expected one of: {', '.join(_SECTION_KEYS)}"))
    strings = {}
    for key in ("name", "slug", "description", "iptc"):
        value = table.get(key, "")
        if not isinstance(value, str):
            problems.append(Problem(SECTIONS_FILE, _line_of(lines, key, start), key,
                                    f"must be a string, got {value!r}"))
            value = ""
        strings[key] = value.strip()
    if not strings["name"]:
        problems.append(Problem(SECTIONS_FILE, start, "name", "every section needs a name"))
        return None
    if not _SLUG.match(strings["slug"]):
        problems.append(Problem(SECTIONS_FILE, _line_of(lines, "slug", start), "slug",
                                f"section {strings['name']!r} needs an ASCII slug of lower-case "
                                f"letters, digits and '-' (e.g. 'economy'), got {strings['slug']!r}"))
        return None
    lists = {}
    for key in ("kinds", "columns", "strong", "words"):
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(Problem(SECTIONS_FILE, _line_of(lines, key, start), key,
                                    "must be a list of non-empty strings"))
            value = []
        lists[key] = [v.strip() for v in value]
    for kind in lists["kinds"]:
        if kind not in KINDS:
            problems.append(Problem(SECTIONS_FILE, _line_of(lines, "kinds", start), "kinds",
                                    f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}"))
    keywords: dict[str, float] = {}
    for word in lists["words"]:
        keywords[word] = 1.0
    for word in lists["strong"]:
        keywords[word] = STRONG_WEIGHT
    pages = table.get("pages", {})
    if not isinstance(pages, dict) or not all(
            isinstance(k, str) and k.strip() and isinstance(v, int | float) and not isinstance(v, bool)
            for k, v in pages.items()):
        problems.append(Problem(SECTIONS_FILE, _line_of(lines, "pages", start), "pages",
                                "must be a table of page name = score, e.g. { 国际 = 20, 要闻 = 4 }"))
        pages = {}
    abroad = table.get("abroad", 0)
    if not isinstance(abroad, int | float) or isinstance(abroad, bool) or abroad < 0:
        problems.append(Problem(SECTIONS_FILE, _line_of(lines, "abroad", start), "abroad",
                                f"must be a number of at least 0, got {abroad!r}"))
        abroad = 0
    section = Section(strings["name"], strings["slug"], cjk_punctuation(strings["description"]), strings["iptc"])
    return SectionRule(section, tuple(k for k in lists["kinds"] if k in KINDS), keywords,
                       {k.strip(): float(v) for k, v in pages.items()}, float(abroad), tuple(lists["columns"]))


def _line_of(lines: list[str], key: str, start: int = 0) -> int:
    """The first line at or after `start` (a [[section]] line; 0 = top of file) that assigns
    `key`, else `start`."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number in range(max(start, 1), len(lines) + 1):
        if pattern.match(lines[number - 1]):
            return number
        if number > start and lines[number - 1].strip() == "[[section]]":
            break
    return start


# --- word lists -------------------------------------------------------------------------------

def _stopwords(text: str) -> tuple[set[str], dict[str, int]]:
    """Words separated by white space; '#' starts a comment line."""
    words: dict[str, int] = {}
    for number, line in _lines(text):
        for word in line.split():
            words.setdefault(word, number)
    return set(words), words


def _dictionary(text: str, problems: list[Problem]) -> tuple[UserWord, ...]:
    """jieba's user-dictionary format: `word [frequency] [tag]`, one word a line."""
    words: dict[str, int] = {}
    found: list[UserWord] = []
    for number, line in _lines(text):
        parts = line.split()
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest and _TAG.match(rest[0]):
            tag = rest.pop(0)
        if rest:
            problems.append(Problem(DICTIONARY_FILE, number, "",
                                    f"expected 'word [frequency] [tag]' (tag: lower-case letters "
                                    f"such as ns or nz), got {line!r}; words cannot contain spaces"))
            continue
        if word in words:
            problems.append(Problem(DICTIONARY_FILE, number, "",
                                    f"{word!r} is already listed on line {words[word]}"))
            continue
        if freq == 0:
            # jieba would force-split the word in a process-wide table; never allow that.
            problems.append(Problem(DICTIONARY_FILE, number, "", f"frequency of {word!r} must be "
                                    "at least 1 (to split a word, add its parts instead)"))
            continue
        words[word] = number
        found.append(UserWord(word, freq, tag))
    return tuple(found)


def _name_list(file: str, text: str, problems: list[Problem]) -> tuple[NameList, dict[str, int]]:
    """`canonical | alias | alias : description`; returns the list and each canonical's line."""
    canonical: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    seen: dict[str, int] = {}
    lines: dict[str, int] = {}
    for number, line in _lines(text):
        head, description = _split_description(line)
        names = [n.strip() for n in re.split(r"[|｜]", head)]
        bad = _bad_names(names)
        if bad:
            problems.append(Problem(file, number, "", f"{bad}; write "
                                    "'canonical | alias | alias : one-line description'"))
            continue
        clash = next((n for n in names if n in seen), None)
        if clash is not None:
            problems.append(Problem(file, number, "", f"{clash!r} is already listed on line "
                                    f"{seen[clash]}; each name may appear once"))
            continue
        if len(set(names)) != len(names):
            problems.append(Problem(file, number, "", "a name is repeated on this line"))
            continue
        for name in names:
            seen[name] = number
            canonical[name] = names[0]
        lines[names[0]] = number
        if description:
            descriptions[names[0]] = cjk_punctuation(description)  # shown to readers
    return NameList(canonical, descriptions), lines


def _split_description(line: str) -> tuple[str, str]:
    """Split at the first colon, ASCII ':' or full-width '：'."""
    match = re.search(r"[:：]", line)
    if not match:
        return line, ""
    return line[:match.start()], line[match.end():].strip()


def _bad_names(names: list[str]) -> str:
    """Why this line's names cannot be used ('' when they can)."""
    for name in names:
        if not name:
            return "a name is empty (check for '||' or a '|' at either end)"
        if re.search(r"\s", name):
            return f"{name!r} contains a space; jieba cannot match names with spaces"
        if len(name) < 2:
            return f"{name!r} is a single character; names need at least two"
        if re.fullmatch(r"[\d.,%]+", name):
            return f"{name!r} is a number, not a name"
    return ""
