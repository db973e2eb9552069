"""Site configuration, read from content/site.toml. Unknown keys are errors."""

from __future__ import annotations

import tomllib
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
    """Articles per page on section, column, topic, author and place pages."""
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


def _check(config: SiteConfig, path: str) -> list[Problem]:
    problems = []
    parts = urlsplit(config.base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or not config.base_url.endswith("/"):
        problems.append(Problem(path, 0, "base_url",
                                f"must be an absolute http(s) URL ending in '/', got {config.base_url!r}"))
    if config.per_page < 1 or config.feed_size < 1:
        problems.append(Problem(path, 0, "per_page", "per_page and feed_size must be at least 1"))
    if not config.paper.strip() or not config.title.strip():
        problems.append(Problem(path, 0, "paper", "paper and title must not be empty"))
    return problems


def load_config(content_dir: Path) -> tuple[SiteConfig, list[Problem]]:
    """Read content/site.toml; a missing file gives the defaults."""
    file = content_dir / CONFIG_FILE
    if not file.exists():
        return SiteConfig(), []
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return SiteConfig(), [Problem(CONFIG_FILE, 0, "", f"cannot be read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        line = int(str(exc).rsplit("line ", 1)[-1].split(",")[0]) if "line " in str(exc) else 0
        return SiteConfig(), [Problem(CONFIG_FILE, line, "", f"is not valid TOML: {exc}")]
    known = {f.name: f for f in fields(SiteConfig)}
    problems: list[Problem] = []
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in known:
            problems.append(Problem(CONFIG_FILE, 0, key,
                                    f"unknown setting; expected one of: {', '.join(sorted(known))}"))
            continue
        expected = type(getattr(SiteConfig(), key))
        if not isinstance(value, expected) or isinstance(value, bool):
            problems.append(Problem(CONFIG_FILE, 0, key,
                                    f"must be a {expected.__name__}, got {value!r}"))
            continue
        values[key] = cjk_punctuation(value) if key in _SHOWN else value
    config = SiteConfig(**values)  # type: ignore[arg-type]
    return config, problems + _check(config, CONFIG_FILE)
