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


def sitemap(env: jinja2.Environment, config: SiteConfig, pages: Sequence[tuple[str, str]]) -> str:
    """pages: (site-relative url, lastmod YYYY-MM-DD or '')."""
    entries = [(urls.absolute(config.base_url, url), lastmod) for url, lastmod in pages]
    return env.get_template("sitemap.xml").render(entries=entries)


def robots(config: SiteConfig) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {urls.absolute(config.base_url, urls.SITEMAP)}\n"
