"""The one place that derives every URL and output path of the site.

URLs here are site-relative ('2022/07/28/03.html', no leading slash). Templates turn
them into links relative to the current page (see `relative`), so a built site
works from the root of a host, under a subpath such as /archive/, and from a
local copy. Absolute URLs (permalinks, feeds, sitemap) join them to base_url.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import posixpath
import re
from urllib.parse import quote

HOME = ""
SEARCH = "search/"
DATES = "dates/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"
STATIC = "static/"
SEARCH_DIR = "pagefind"
"""Folder of the site holding everything search needs (Pagefind writes it)."""

TAXONOMIES = ("section", "column", "topic", "author", "place", "person")
"""Subject indexes; each has an overview at '<name>/' and a page per term."""

_UNSAFE = re.compile(r"[\x00-\x20/\\?#%\"'<>|*:\x7f]+")


def key(name: str) -> str:
    """A path segment for a taxonomy term such as a topic or author name.

    Names are kept readable (Chinese stays Chinese); characters that are unsafe
    in paths or URLs are replaced, and a name that would still be unsafe gets a
    stable hash instead."""
    segment = _UNSAFE.sub("-", name.strip()).strip("-.")
    if not segment or segment in ("index", "feed.xml"):
        segment = "t-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return segment


def article(article_id: str) -> str:
    """An article's page: its file's path with .html for .md ('2022/07/28/03.html').

    A file, not a folder with an index.html: half the files and folders to create on
    every build of a large archive (the file system is a large part of build time),
    and pages that open from a local copy of the site without a web server."""
    return f"{article_id}.html"


def issue(day: dt.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"


def page(day: dt.date, label: str) -> str:
    """A printed page's view: '2022/07/28/第01版.html' ('1' and '01' are one page: numbers
    are written two digits wide; other labels as printed, '第A1版.html'; '其他.html' for
    the articles of a paged issue without a label).

    It cannot clash with an article's page: article ids are ASCII (content._ID), these
    names are not."""
    label = label.strip()
    if not label:
        return f"{issue(day)}其他.html"
    shown = f"{int(label):02d}" if label.isascii() and label.isdigit() else label
    return f"{issue(day)}{key('第' + shown + '版')}.html"


def month(year: int, month_: int) -> str:
    return f"{year:04d}/{month_:02d}/"


def year(year_: int) -> str:
    return f"{year_:04d}/"


def taxonomy(name: str) -> str:
    return f"{name}/"


def taxonomy_letter(name: str, letter: str, part: int = 1) -> str:
    """A page of a taxonomy's A–Z index: 'topic/az/c.html', its second part
    'topic/az/c-2.html'; '#' (names starting with no letter) is '0'. Term pages are
    'topic/<name>.html' and their older pages 'topic/<name>/<n>.html', so these never clash."""
    slug = "0" if letter == "#" else letter.lower()
    return f"{name}/az/{slug}.html" if part == 1 else f"{name}/az/{slug}-{part}.html"


def term(taxonomy_name: str, segment: str, page: int | None = None) -> str:
    """A term's first page ('topic/社区食堂.html'), or one of its older pages, numbered
    from the oldest ('topic/社区食堂/1.html' …: views.term_pages); `segment` is a
    section slug or `key(name)`.

    A file, like an article, not a folder with an index.html: thousands of terms,
    and a folder costs the file system five times what a file does (measured: creating
    10,000 folders takes 2.6 s on this project's CI disk, 10,000 files 0.55 s)."""
    return f"{taxonomy_name}/{segment}.html" if page is None else f"{taxonomy_name}/{segment}/{page}.html"


def sitemap_part(group: str, number: int = 1) -> str:
    """A part of a sitemap too large for one file: 'sitemap-2009.xml' (the article pages
    of 2009), 'sitemap-pages-2.xml' (the second part of the other pages)."""
    return f"sitemap-{group}.xml" if number == 1 else f"sitemap-{group}-{number}.xml"


def section_feed(slug: str) -> str:
    return f"section/{slug}/feed.xml"


def static(name: str) -> str:
    return STATIC + name


def output_path(url: str) -> str:
    """The file a URL is written to, relative to the output folder ('a/b/index.html')."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


def root(current: str) -> str:
    """Relative prefix from the page at site-relative `current` to the site root."""
    directory = current if current.endswith("/") or current == "" else posixpath.dirname(current)
    depth = len([part for part in directory.split("/") if part])
    return "../" * depth


@functools.lru_cache(maxsize=1 << 16)
def link(url: str, root_prefix: str) -> str:
    """An href to site-relative `url` from a page whose root prefix is `root_prefix`
    ('../../' for relative links, or the base path such as '/archive/' for the
    404 page, which hosts serve at any depth)."""
    href = root_prefix + url
    return quote(href, safe="/#?=&.-_~!$'()*+,;:@%") or "./"


@functools.lru_cache(maxsize=256)
def link_prefix(root_prefix: str) -> str:
    """What `link` puts before every non-empty URL: link(url, root) equals
    link_prefix(root) + link(url, '') whenever url is not ''."""
    return link("", root_prefix) if root_prefix else ""


_PLAIN = re.compile(r"[A-Za-z0-9/#?=&._~-]*")
"""What `absolute` leaves as it is: a URL of only these needs no quoting (the sitemap
of 100,000 articles quoted each URL in 6 µs; matching takes a tenth of that)."""


def absolute(base_url: str, url: str) -> str:
    """Permalink of site-relative `url` (percent-encoded, for feeds and citations)."""
    return base_url + (url if _PLAIN.fullmatch(url) else quote(url, safe="/#?=&.-_~"))
