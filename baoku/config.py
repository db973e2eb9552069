"""Site configuration, read from content/site.toml. Unknown keys are errors."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Problem
from .typeset import cjk_punctuation

CONFIG_FILE = "site.toml"


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Settings an archive's keeper chooses once."""

    paper: str = "报纸"
    """Name of the newspaper as cited, without 《》, e.g. '太原日报'."""
    title: str = "数字报库"
    """Site title shown in the header and the browser tab."""
    base_url: str = "http://127.0.0.1:8000/"
    """Absolute URL the site is published at, ending in '/'; may have a subpath
    such as 'https://example.org/archive/'. Used for permalinks, feeds and the sitemap;
    links between pages are relative, so the site works under any subpath."""
    language: str = "zh-CN"
    """BCP 47 language of the archive."""
    description: str = ""
    """One sentence about the archive, for the home page and feeds."""
    per_page: int = 30
    """Newest articles shown as cards on the first page of a section, column, topic,
    author, place or person."""
    archive_per_page: int = 200
    """Articles on each older page of a subject (a dense, dated list numbered from the
    oldest); the first page lists those beyond `per_page` that fill no older page."""
    feed_size: int = 50
    """Newest articles in each Atom feed."""

    @property
    def og_locale(self) -> str:
        """The language as OpenGraph writes it: language_TERRITORY ('zh-Hans-CN' → 'zh_CN')."""
        parts = self.language.split("-")
        region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
        return parts[0].lower() + (f"_{region.upper()}" if region else "")

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. '/archive/'."""
        return urlsplit(self.base_url).path or "/"


_SHOWN = ("title", "description")
"""Settings readers see as text: typeset like article text ('档案,按日期' → '档案，按日期')."""


_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]"
                   r"(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")
_URL_PATH = re.compile(r"^/(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*$")
"""A URL path as RFC 3986 allows it: no space, quote, angle bracket or other raw character."""


def _base_url_problem(url: str) -> str:
    """Why base_url cannot be used ('' if it can): it ends up in every feed, citation and
    the sitemap, so anything but a plain absolute http(s) URL is refused, not escaped."""
    parts = urlsplit(url)
    if (parts.scheme not in ("http", "https") or not _HOST.match(parts.netloc)
            or not _URL_PATH.match(parts.path or "/") or not url.endswith("/")
            or parts.query or parts.fragment or "@" in parts.netloc):
        return (f"must be an absolute http(s) URL ending in '/', with no spaces, quotes or other "
                f"characters a URL cannot hold (e.g. 'https://example.org/archive/'), got {url!r}")
    return ""


def _check(config: SiteConfig, path: str, line_of: Callable[[str], int]) -> list[Problem]:
    problems = []
    if message := _base_url_problem(config.base_url):
        problems.append(Problem(path, line_of("base_url"), "base_url", message))
    for key in ("per_page", "archive_per_page", "feed_size"):
        if getattr(config, key) < 1:
            problems.append(Problem(path, line_of(key), key, f"must be at least 1, got {getattr(config, key)}"))
    for key in ("paper", "title"):
        if not getattr(config, key).strip():
            problems.append(Problem(path, line_of(key), key, "must not be empty"))
    return problems


def load_config(content_dir: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read content/site.toml; every problem in it, each with its line. The file is
    required: without it the site would be published for a paper called 报纸 at a local
    address."""
    file = content_dir / CONFIG_FILE
    if not file.exists():
        return SiteConfig(), [Problem(CONFIG_FILE, 0, "", f"not found in {content_dir}: write one with at "
                                      "least the paper's name and the site's address, e.g. "
                                      "paper = \"某某日报\" and base_url = \"https://example.org/\"")]
    try:
        text = file.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return SiteConfig(), [Problem(CONFIG_FILE, 0, "", f"cannot be read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        line = int(str(exc).rsplit("line ", 1)[-1].split(",")[0]) if "line " in str(exc) else 0
        return SiteConfig(), [Problem(CONFIG_FILE, line, "", f"is not valid TOML: {exc}")]
    known = {f.name: f for f in fields(SiteConfig)}
    problems: list[Problem] = []
    values: dict[str, object] = {}

    def line_of(key: str) -> int:
        match = re.search(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", text, flags=re.MULTILINE)
        return text[:match.start()].count("\n") + 1 if match else 0

    for key, value in raw.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            problems.append(Problem(CONFIG_FILE, line_of(key), key,
                                    f"unknown setting; {hint}expected one of: {', '.join(sorted(known))}"))
            continue
        expected = type(getattr(SiteConfig(), key))
        if not isinstance(value, expected) or isinstance(value, bool):
            kind = {"int": "whole number", "str": "text in quotes"}.get(expected.__name__, expected.__name__)
            problems.append(Problem(CONFIG_FILE, line_of(key), key, f"must be a {kind}, got {value!r}"))
            continue
        values[key] = cjk_punctuation(value) if key in _SHOWN else value
    config = SiteConfig(**values)  # type: ignore[arg-type]
    return config, problems + _check(config, CONFIG_FILE, line_of)
