"""Read content/articles/: parse and validate every article, collecting problems.

An article is a Markdown file with YAML front matter between '---' lines. Its id,
and so its URL, is its path below content/articles/ without '.md'.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

import yaml

from . import cachefile, frontmatter
from .errors import Problem
from .model import KINDS, Article
from .parallel import map_spans
from .text import STRAY_CONTROLS, iso_date
from .walk import listing

ARTICLES_DIR = "articles"
PARALLEL_MIN = 2000
"""Below this many files to parse, starting worker processes costs more than it saves."""

FIELDS: dict[str, str] = {
    "title": "主题 (required)",
    "kicker": "引题",
    "subtitle": "副题",
    "date": "issue date, YYYY-MM-DD (required)",
    "column": "栏目 label as printed",
    "section": "section name from sections.toml",
    "kind": "one of " + ", ".join(KINDS),
    "authors": "list of names",
    "photographers": "list of names",
    "topics": "list of topics",
    "order": "position in the issue, an integer",
    "page": "printed page label",
    "page_name": "printed page name (要闻, 国际 …)",
    "source": "raw issue file, relative to content/",
    "continued_from": "page the story continues from",
    "continued_to": "page the story continues on",
    "repeats": "id of the article this one repeats (2022/07/28/03)",
    "title_supplied": "true when the paper printed no headline and the title was supplied",
}
"""Every front-matter key an article may have, with what it holds."""

_TEXT_FIELDS = ("title", "kicker", "subtitle", "column", "section", "page", "page_name", "source",
                "continued_from", "continued_to", "repeats")
_LIST_FIELDS = ("authors", "photographers", "topics")


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*$")
_DATED_ID = re.compile(r"^([0-9]{4})/([0-9]{2})/([0-9]{2})/")
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]")
"""text.STRAY_CONTROLS as UTF-8 bytes: found in the raw file, so every build warns."""
_ASCII_CONTROLS = bytes(range(0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20)) + b"\x7f"


def _control_bytes(raw: bytes) -> re.Match[bytes] | None:
    """The first of _CONTROL_BYTES in `raw`. The pattern is searched only in a file that
    may hold one: bytes.translate finds ASCII controls, and `in` the lead bytes of the
    others, at C speed (every file is checked on every build: 0.40 → 0.11 s at 20,000
    files, whose Chinese punctuation puts a \xef every few bytes)."""
    if (len(raw.translate(None, _ASCII_CONTROLS)) != len(raw) or b"\xc2" in raw
            or b"\xef\xbf\xbe" in raw or b"\xef\xbf\xbf" in raw):
        return _CONTROL_BYTES.search(raw)
    return None
_OTHER_MARKDOWN = re.compile(r"\.(md|markdown|mdown|mkd)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Loaded:
    """The result of reading the content folder."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...] = ()
    """What was read but fixed on the way (control characters left out): worth a line
    in the build's output, not a failed build."""


def load_articles(content_dir: Path, workers: int = 1,
                  prepare: Callable[[Article], Article] | None = None,
                  cache_dir: Path | None = None, known: Mapping[str, bytes] | None = None) -> Loaded:
    """Read every article under content_dir/articles, sorted by id.

    The files are parsed in up to `workers` processes (0: one per core); `prepare`, if
    given, is applied to each article in the process that parsed it. With a
    `cache_dir`, articles are remembered by a hash of their path and bytes (and of
    the code that parses and prepares them): an unchanged file is never parsed twice.
    `known`: path ('articles/…') → the hash of the file's bytes (cachefile.file_digest)
    as the build's up-to-date check just found it; a file known so, and in the cache,
    is not even read (at 100,000 articles, reading and hashing every file took 1.8 s;
    a fresh clone's files were read twice, once by that check)."""
    root = content_dir / ARTICLES_DIR
    if not root.is_dir():
        return Loaded((), (Problem(ARTICLES_DIR, 0, "", f"folder not found in {content_dir}; "
                                   "import issues with `python build.py import` first"),))
    cache = _ParsedCache(cache_dir, prepare)
    prefix = len(ARTICLES_DIR) + 1
    results: list[tuple[Article | None, list[Problem]]] = []
    todo: list[tuple[int, tuple[str, str, bytes, bytes]]] = []
    files, refused = _markdown_files(root, ARTICLES_DIR)
    warnings = []
    notes: dict[bytes, Note] = {}
    for rel in sorted(files, key=lambda rel: rel.split("/")):
        digest = known.get(rel) if known else None
        key = cache.key(rel, digest) if digest else b""
        cached = cache.get(key) if digest else None
        if cached is None:
            try:
                with open(os.path.join(content_dir, rel), "rb") as handle:
                    raw = handle.read()
            except OSError as exc:
                results.append((None, [Problem(rel, 0, "", f"cannot be read: {exc.strerror}")]))
                continue
            key = cache.key(rel, cachefile.file_digest(raw))
            cached = cache.get(key)
        if cached is None:
            article, note = None, notes.setdefault(key, _note(raw))
            todo.append((len(results), (rel, rel[prefix:-3], raw, key)))
        else:
            article, note = cached
        results.append((article, []))
        if note[0]:
            warnings.append(Problem(rel, note[0], "", note[1]))
    jobs = [job for _, job in todo]
    parsed = map_spans(_read_span, (jobs, prepare), len(jobs), workers, PARALLEL_MIN)
    for (position, job), (article, problems) in zip(todo, parsed):
        results[position] = (article, problems)
        if article is not None:
            cache.put(job[3], article, notes[job[3]])
    cache.save()
    articles = [article for article, _ in results if article is not None]
    problems = [*refused, *(problem for _, found in results for problem in found)]
    return Loaded(tuple(articles), tuple(problems), tuple(warnings))


Note = tuple[int, str]
"""A warning about a file read fine (its line, what): (0, '') for none."""


def _note(raw: bytes) -> Note:
    """What to warn of in a file's bytes, on every build, from the cache too."""
    found = _control_bytes(raw)
    if found is None:
        return (0, "")
    code = ord(found.group().decode("utf-8"))
    text = (f"holds control characters (the first is U+{code:04X}); they are left out of the site: remove "
            "them from the file")
    return (raw[:found.start()].count(b"\n") + 1, text)


def _read_span(state: tuple[list[tuple[str, str, bytes, bytes]], Callable[[Article], Article] | None],
               start: int, end: int) -> list[tuple[Article | None, list[Problem]]]:
    jobs, prepare = state
    return [_read_article(job, prepare) for job in jobs[start:end]]


def _read_article(job: tuple[str, str, bytes, bytes],
                  prepare: Callable[[Article], Article] | None = None) -> tuple[Article | None, list[Problem]]:
    rel, article_id, raw, key = job
    try:
        text = STRAY_CONTROLS.sub("", raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [Problem(rel, line, "", f"is not UTF-8 text ({exc.reason}); save it as UTF-8")]
    article, problems = parse_article(text, rel, article_id)
    if article is not None:
        article = dataclasses.replace(prepare(article) if prepare else article, digest=key.hex())
    return article, problems


class _ParsedCache:
    """Parsed (and prepared) articles from the last build, by a hash of path and bytes.

    The whole cache is keyed by the code that parses and prepares (cachefile.code_key:
    the loader's and `prepare`'s modules, what they import, and the versions of the
    libraries they use): another version of it, or another `prepare`, starts from
    nothing. Entries are an Article's fields as plain data (the date as its ordinal),
    each checked for the types Article declares before it is used: one of another
    shape is parsed again. Only entries this build used are kept, so the cache never
    grows past the archive."""

    FILE = "articles.store"
    _FIELDS = tuple(f.name for f in dataclasses.fields(Article))
    _DATE = _FIELDS.index("date")
    _TYPES = tuple({"str": str, "int": int, "bool": bool, "dt.date": int, "tuple[str, ...]": tuple}[str(f.type)]
                   for f in dataclasses.fields(Article))
    """The plain type of each field (a field of any other type must be added here)."""
    _TUPLES = tuple(i for i, kind in enumerate(_TYPES) if kind is tuple)

    def __init__(self, directory: Path | None, prepare: Callable[[Article], Article] | None) -> None:
        self.path = directory / self.FILE if directory is not None else None
        modules = [__name__] + ([prepare.__module__] if prepare is not None else [])
        self._version = (cachefile.code_key(*modules), getattr(prepare, "__qualname__", ""), self._FIELDS)
        self._seed = hashlib.sha256(repr(self._version).encode())
        self._stored = cachefile.Entries(self.path, self._version)
        self._entries: dict[bytes, tuple[Any, ...]] = self._stored.values
        self._used: set[bytes] = set()
        self._fields = attrgetter(*self._FIELDS)
        self._warned = False

    def key(self, rel: str, digest: bytes) -> bytes:
        """Hash of the code and libraries that read the file, its path and the hash of
        its bytes (cachefile.file_digest): everything the Article made of it depends on
        (it becomes Article.digest)."""
        key = self._seed.copy()
        key.update(rel.encode())
        key.update(b"\x00")
        key.update(digest)
        return key.digest()[:20]

    def get(self, key: bytes) -> tuple[Article, Note] | None:
        """The article parsed from the file of `key`, and the warning its bytes gave."""
        values = self._entries.get(key)
        if values is None:
            return None
        self._used.add(key)
        try:
            if type(values) is not tuple or len(values) != len(self._TYPES) + 2:
                raise TypeError("not the fields of an article and a warning")
            return self._article(values[:-2]), self._note(values[-2:])
        except (TypeError, ValueError, OverflowError) as exc:
            if not self._warned:
                self._warned = True
                cachefile.log.warning("ignoring entries of the wrong shape in %s (%s); parsing their files again",
                                      self.path, exc)
            self._stored.forget(key)
            return None

    def _article(self, values: object) -> Article:
        if (type(values) is not tuple or len(values) != len(self._TYPES)
                or not all(map(isinstance, values, self._TYPES))):
            raise TypeError("not the fields of an article")
        fields = list(values)
        for i in self._TUPLES:
            if fields[i] and set(map(type, fields[i])) != {str}:
                raise TypeError(f"{self._FIELDS[i]} must hold strings")
        fields[self._DATE] = dt.date.fromordinal(fields[self._DATE])
        return Article(*fields)

    @staticmethod
    def _note(values: tuple[Any, ...]) -> Note:
        line, text = values
        if type(line) is not int or type(text) is not str:
            raise TypeError("not a warning")
        return line, text

    def put(self, key: bytes, article: Article, note: Note) -> None:
        self._used.add(key)
        fields = list(self._fields(article))
        fields[self._DATE] = article.date.toordinal()
        self._entries[key] = (*fields, *note)

    def save(self) -> None:
        self._stored.save(self._used)


def _markdown_files(root: Path, rel_root: str) -> tuple[list[str], list[Problem]]:
    """Paths ('articles/2022/07/28/03.md') of the Markdown files under root, hidden ones
    skipped, and problems with what cannot be read as an article: Markdown files named
    otherwise than '.md' (.MD, .markdown), links to folders (not followed), and links
    to files outside the content folder (never published). Plain strings: pathlib
    costs more than the rest of listing 20,000 files; and os.scandir's entries, which
    tell a link from the listing itself (os.walk's names needed a call to the system
    for each file: 0.2 s at 100,000)."""
    found: list[str] = []
    problems: list[Problem] = []
    content = os.path.realpath(os.path.dirname(root))

    def visit(directory: str, rel_dir: str) -> None:
        try:
            others, folders = listing(directory)
        except OSError:  # as os.walk: a folder that cannot be listed is passed over
            return
        folders = [e for e in folders if not e.name.startswith(".")]
        for entry in folders:
            if entry.is_symlink():
                problems.append(Problem(f"{rel_dir}/{entry.name}", 0, "", "is a link to a folder, and links "
                                        "to folders are not followed: move the folder itself here"))
        for entry in others:
            name = entry.name
            if name.startswith("."):
                continue
            if not name.endswith(".md"):
                if _OTHER_MARKDOWN.search(name):
                    problems.append(Problem(f"{rel_dir}/{name}", 0, "", "is Markdown but not named '.md', so "
                                            "it would not be published: rename it to end in '.md'"))
                continue
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if os.path.commonpath([content, target]) != content:
                    problems.append(Problem(f"{rel_dir}/{name}", 0, "", f"is a link to {target}, outside "
                                            "the content folder, which is never published: copy the file here"))
                    continue
            found.append(f"{rel_dir}/{name}")
        for entry in folders:
            if not entry.is_symlink():
                visit(entry.path, f"{rel_dir}/{entry.name}")

    visit(str(root), rel_root)
    return found, problems


def parse_article(text: str, rel: str, article_id: str) -> tuple[Article | None, list[Problem]]:
    """Parse one article file's text; on any problem return None and all problems."""
    problems: list[Problem] = []
    if not _ID.match(article_id):
        problems.append(Problem(rel, 0, "", "file name makes a bad URL: use only ASCII letters, "
                                "digits, '-', '_' and '.' in folder and file names (e.g. 2022/07/28/03.md)"))
    parts = frontmatter.split(text)
    if parts is None:
        problems.append(Problem(rel, 1, "", "has no front matter: start the file with a line '---', "
                                "the YAML fields, then another '---' line"))
        return None, problems
    head, body, _ = parts
    try:
        meta = frontmatter.load(head) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        last = head.rstrip("\n").count("\n") + 2  # the error may point past the end
        line = min(mark.line + 2, last) if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.append(Problem(rel, line, "", f"front matter is not valid YAML: {reason}"))
        return None, problems
    if not isinstance(meta, dict):
        problems.append(Problem(rel, 2, "", "front matter must be a mapping of 'key: value' lines"))
        return None, problems

    def line_of(key: str) -> int:
        match = re.search(rf"^{re.escape(key)}\s*:", head, flags=re.MULTILINE)
        return head[:match.start()].count("\n") + 2 if match else 1

    values: dict[str, Any] = {}
    for key, value in meta.items():
        key = str(key)
        if key not in FIELDS:
            close = difflib.get_close_matches(key, FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(FIELDS)}"
            problems.append(Problem(rel, line_of(key), key, f"unknown field{hint}"))
            continue
        checked, message = _check_field(key, value)
        if message:
            problems.append(Problem(rel, line_of(key), key, message))
        else:
            values[key] = checked
    for required in ("title", "date"):
        if required not in meta:
            problems.append(Problem(rel, 0, required, f"is required ({FIELDS[required]})"))
    filed = _DATED_ID.match(article_id)
    if filed and "date" in values and values["date"].isoformat() != "-".join(filed.groups()):
        problems.append(Problem(rel, line_of("date"), "date",
                                f"is {values['date'].isoformat()} but the file is filed under "
                                f"{'/'.join(filed.groups())}: correct the date, or move the file to "
                                f"articles/{values['date'].strftime('%Y/%m/%d')}/"))
    if problems:
        return None, problems
    return Article(id=article_id, path=rel, body=body.rstrip() + "\n" if body.strip() else "",
                   **values), []


def _check_field(key: str, value: Any) -> tuple[Any, str]:
    """Normalise one front-matter value; return (value, '') or (None, problem)."""
    if key == "date":
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = iso_date(value.strip())
            except ValueError:
                return None, f"must be a date written YYYY-MM-DD, got {value!r}"
        if not isinstance(value, dt.date):
            return None, f"must be a date written YYYY-MM-DD, got {value!r}"
        return value, ""
    if key == "order":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return None, f"must be a whole number ≥ 0, got {value!r}"
        return value, ""
    if key == "kind":
        if value not in KINDS:
            return None, f"must be one of {', '.join(KINDS)}, got {value!r}"
        return value, ""
    if key == "title_supplied":
        if not isinstance(value, bool):
            return None, f"must be true or false, got {value!r}"
        return value, ""
    if key in _LIST_FIELDS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            return None, f"must be a list of names, got {value!r}"
        names = tuple(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        return names, ""
    if key in _TEXT_FIELDS:
        if value is None:
            value = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return None, f"must be text, got {value!r}"
        value = " ".join(value.split())
        if key == "title" and not value:
            return None, "must not be empty"
        return value, ""
    return value, ""
