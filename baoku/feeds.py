"""Atom feeds, the sitemap and robots.txt: the site's machine-readable entry points."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Callable, Sequence

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
         title: str, feed_url: str, page_url: str, section: Callable[[str], str]) -> str:
    """An Atom feed of the newest `feed_size` articles (`section`: an article's section
    by its id). Its `updated` is the newest issue date, never the build time, so
    rebuilding gives the same bytes."""
    entries = heapq.nsmallest(config.feed_size, articles, key=newest_first)  # sorted(…)[:size], without the sort
    items = [{"title": a.title, "url": urls.absolute(config.base_url, urls.article(a.id)),
              "updated": _stamp(a.date), "authors": a.authors + a.photographers, "section": section(a.id),
              "summary": summary(plain_text(a.body), 160)} for a in entries]
    return env.get_template("atom.xml").render(
        site=config, title=title, items=items,
        updated=_stamp(entries[0].date) if entries else _stamp(dt.date(1970, 1, 1)),
        self_url=urls.absolute(config.base_url, feed_url),
        alternate=urls.absolute(config.base_url, page_url))


SITEMAP_URLS = 50_000
"""The most URLs one sitemap file may list (sitemaps.org protocol; 50 MB at most too,
which 50,000 of these URLs stay far below)."""


Sitemap = tuple[str, str, object, Callable[[jinja2.Environment], str]]
"""A file of the sitemap: (site-relative path, template, what it is made from, a
function that renders it with an environment)."""


def sitemap_files(config: SiteConfig, pages: Sequence[tuple[str, str]], limit: int | None = None) -> list[Sitemap]:
    """The sitemap of `pages` ((site-relative url, lastmod YYYY-MM-DD or ''), in the
    site's order), to render: one sitemap.xml when they fit in one file; else
    sitemap.xml is an index of parts that do: the article pages by year (so that a
    day's import changes only the newest year's part, and the build links the others
    from the last site) and the other pages, each cut into files of `limit` URLs
    (default SITEMAP_URLS). What a file is made from is its pages (relative: the
    site's address is a setting, part of every page's key)."""
    limit = limit or SITEMAP_URLS
    if len(pages) <= limit:
        return [(urls.SITEMAP, "sitemap.xml", pages, functools.partial(_urlset, config, pages))]
    groups: dict[str, list[tuple[str, str]]] = {}
    for url, lastmod in pages:
        groups.setdefault(lastmod[:4] if lastmod else "pages", []).append((url, lastmod))
    parts: list[Sitemap] = []
    index = []
    for group in sorted(groups):
        items = groups[group]
        for number, start in enumerate(range(0, len(items), limit), start=1):
            chunk = items[start:start + limit]
            path = urls.sitemap_part(group, number)
            parts.append((path, "sitemap.xml", chunk, functools.partial(_urlset, config, chunk)))
            index.append((urls.absolute(config.base_url, path), max(lastmod for _, lastmod in chunk)))
    return [(urls.SITEMAP, "sitemapindex.xml", index, functools.partial(_index, index)), *parts]


def _urlset(config: SiteConfig, pages: Sequence[tuple[str, str]], env: jinja2.Environment) -> str:
    entries = [(urls.absolute(config.base_url, url), lastmod) for url, lastmod in pages]
    return env.get_template("sitemap.xml").render(entries=entries)


def _index(entries: list[tuple[str, str]], env: jinja2.Environment) -> str:
    return env.get_template("sitemapindex.xml").render(entries=entries)


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(config.base_url, urls.SITEMAP)}\n"
