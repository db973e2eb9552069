"""Atom feeds, the sitemap and robots.txt: the site's machine-readable entry points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import jinja2

from . import urls
from .config import SiteConfig
from .indexes import newest_first
from .model import Article
from .text import plain_text, summary

TZ = "+08:00"
"""Issue dates are local to China; feeds need a full timestamp."""


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{TZ}"


def atom(env: jinja2.Environment, config: SiteConfig, articles: Sequence[Article], *,
         title: str, feed_url: str, page_url: str, sections: dict[str, str]) -> str:
    """An Atom feed of the newest `feed_size` articles. Its `updated` is the newest
    issue date, never the build time, so rebuilding gives the same bytes."""
    entries = sorted(articles, key=newest_first)[:config.feed_size]
    items = [{"title": a.title, "url": urls.absolute(config.base_url, urls.article(a.id)),
              "updated": _stamp(a.date), "authors": a.authors + a.photographers, "section": sections.get(a.id, ""),
              "summary": summary(plain_text(a.body), 160)} for a in entries]
    return env.get_template("atom.xml").render(
        site=config, title=title, items=items,
        updated=_stamp(entries[0].date) if entries else _stamp(dt.date(1970, 1, 1)),
        self_url=urls.absolute(config.base_url, feed_url),
        alternate=urls.absolute(config.base_url, page_url))


SITEMAP_URLS = 50_000
"""The most URLs one sitemap file may list (sitemaps.org protocol; 50 MB at most too,
which 50,000 of these URLs stay far below)."""


def sitemaps(env: jinja2.Environment, config: SiteConfig, pages: Sequence[tuple[str, str]],
             limit: int = SITEMAP_URLS) -> list[tuple[str, str]]:
    """(site-relative path, XML) of the sitemap of `pages` ((site-relative url, lastmod
    YYYY-MM-DD or ''), in the site's order): one sitemap.xml when they fit in one file;
    else sitemap.xml is an index of parts that do: the article pages by year (so that a
    day's import changes only the newest year's part) and the other pages, each cut into
    files of `limit` URLs."""
    if len(pages) <= limit:
        return [(urls.SITEMAP, _urlset(env, config, pages))]
    groups: dict[str, list[tuple[str, str]]] = {}
    for url, lastmod in pages:
        groups.setdefault(lastmod[:4] if lastmod else "pages", []).append((url, lastmod))
    parts, index = [], []
    for group in sorted(groups):
        items = groups[group]
        for number, start in enumerate(range(0, len(items), limit), start=1):
            chunk = items[start:start + limit]
            path = urls.sitemap_part(group, number)
            parts.append((path, _urlset(env, config, chunk)))
            index.append((urls.absolute(config.base_url, path), max(lastmod for _, lastmod in chunk)))
    return [(urls.SITEMAP, env.get_template("sitemapindex.xml").render(entries=index)), *parts]


def _urlset(env: jinja2.Environment, config: SiteConfig, pages: Sequence[tuple[str, str]]) -> str:
    entries = [(urls.absolute(config.base_url, url), lastmod) for url, lastmod in pages]
    return env.get_template("sitemap.xml").render(entries=entries)


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(config.base_url, urls.SITEMAP)}\n"
