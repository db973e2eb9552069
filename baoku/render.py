"""Jinja2 rendering of every page, split across processes.

Each worker renders a slice of the page plan and writes its pages straight into
the staging folder (or links them from the last build when unchanged: reuse.py), so
only counts and the pages' keys travel between processes. The workers are forked
after the site data is built, so they share it without copying.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from . import cachefile, urls
from .model import Article
from .pagekeys import signature
from .parallel import frozen_heap, map_spans, worker_count
from .reuse import Entry, Reuse, fingerprint
from .theme import Theme
from .views import BUILDERS, INPUTS, NAV, Card, Page, Site, article_card, nav_url, site_nav
from .writer import Staging

CARDS_FILE = "cards.store"
PARALLEL_CARDS = 2000
"""Below this many cards to render, starting processes costs more than it saves."""


class _Linker:
    """`url | link` in templates: an href relative to the page being rendered.

    A filter rather than a context variable, so that macros can be imported
    without context (Jinja caches those) and cards can be cached; a filter, not a
    global function, because Jinja calls filters directly (globals go through
    `Context.call`, which costs more than the link itself)."""

    def __init__(self) -> None:
        self.root = ""
        self.links = 0
        """Links made so far, and how many of them to the home page ('')."""
        self.home_links = 0

        @jinja2.pass_context  # so Jinja never folds `'' | link` into a constant
        def link(_context: Any, url: str) -> str:
            self.links += 1
            if not url:
                self.home_links += 1
            return urls.link(url, self.root)

        self.filter = link


class _Cards:
    """`c | card(show_date)` in templates: an article's list entry, rendered once per
    article and variant — list pages show the same articles many times, at several
    depths.

    A card is rendered with links from the site root and moved to the current page by
    putting the page's root prefix in front of every href: exact, because a link is
    the quoted root followed by the quoted URL (urls.link). A card whose hrefs are not
    all made by `link`, or that links to the home page ('./' at the root), is cached
    per depth instead."""

    _HREF = 'href="'

    def __init__(self, env: jinja2.Environment, linker: _Linker) -> None:
        self._macro = env.get_template("_macros.html").module.card  # type: ignore[attr-defined]
        self._linker = linker
        self._shared: dict[tuple[str, bool], str | None] = {}
        self._per_depth: dict[tuple[str, bool, str], markupsafe.Markup] = {}
        self._prefixes: dict[str, str] = {}
        """'href="' followed by the escaped root prefix, per root."""

    def __call__(self, card: Card, show_date: bool = True) -> markupsafe.Markup:
        key = (card.article.id, show_date)
        if key not in self._shared:
            self._shared[key] = self._from_root(card, show_date)
        shared = self._shared[key]
        root = self._linker.root
        if shared is not None:
            prefix = self._prefixes.get(root)
            if prefix is None:
                prefix = self._prefixes[root] = self._HREF + str(markupsafe.escape(urls.link_prefix(root)))
            return markupsafe.Markup(shared.replace(self._HREF, prefix))
        html = self._per_depth.get((*key, root))
        if html is None:
            html = self._per_depth[(*key, root)] = markupsafe.Markup(self._macro(card, show_date))
        return html

    def preload(self, site: Site, path: Path | None, version: object, workers: int = 1) -> None:
        """Every article's cards, before the render workers fork, so that they share them.

        Cards from earlier builds (kept at `path`, under `version`: the code, the
        templates and the configuration) are reused for an article whose file and
        analysis are unchanged — a card shows nothing else (views.article_card); the
        others are rendered once here (in `workers` processes), rather than once in
        every render worker."""
        stored = cachefile.Entries(path, version)
        bad = [key for key, value in stored.values.items() if not _is_card_pair(value)]
        if bad:
            cachefile.log.warning("ignoring %d cards of the wrong shape in %s; rendering them again", len(bad), path)
            for key in bad:
                stored.forget(key)
        keyed = {}
        for article in site.articles.values():
            if article.digest:  # else made in code, not read from a file: nothing to key it by
                analysis = site.subjects.by_article[article.id]
                keyed[article.id] = hashlib.blake2b(f"{article.digest}\x00{analysis!r}".encode(),
                                                    digest_size=16).digest()
        missing = list(dict.fromkeys(f for f in keyed.values() if f not in stored.values))
        by_fingerprint = {f: article_id for article_id, f in keyed.items()}
        todo = [site.articles[by_fingerprint[f]] for f in missing]
        made = map_spans(self._render_span, (site, todo), len(todo), workers, PARALLEL_CARDS)
        stored.values.update(zip(missing, made))
        for article_id, key in keyed.items():
            self._shared[(article_id, True)], self._shared[(article_id, False)] = stored.values[key]
        stored.save(set(keyed.values()))

    def _render_span(self, state: tuple[Site, list[Article]], start: int,
                     end: int) -> list[tuple[str | None, str | None]]:
        site, articles = state
        return [(self._from_root(card, True), self._from_root(card, False))
                for card in (article_card(site, article) for article in articles[start:end])]

    def _from_root(self, card: Card, show_date: bool) -> str | None:
        linker = self._linker
        saved = linker.root, linker.links, linker.home_links
        linker.root, linker.links, linker.home_links = "", 0, 0
        try:
            html = str(self._macro(card, show_date))
            movable = linker.home_links == 0 and html.count(self._HREF) == linker.links
        finally:
            linker.root, linker.links, linker.home_links = saved
        return html if movable else None


def _is_card_pair(value: object) -> bool:
    """Whether a cached value is a card's two renderings (each HTML or None)."""
    return (type(value) is tuple and len(value) == 2
            and all(part is None or type(part) is str for part in value))


class _Chrome:
    """`chrome(name, *args)` in templates: a macro of _chrome.html (masthead,
    footer) rendered once per page depth and arguments."""

    def __init__(self, env: jinja2.Environment, linker: _Linker) -> None:
        self._module = env.get_template("_chrome.html").module
        self._linker = linker
        self._done: dict[tuple[Any, ...], markupsafe.Markup] = {}

    def __call__(self, name: str, *args: Any) -> markupsafe.Markup:
        key = (name, args, self._linker.root)
        html = self._done.get(key)
        if html is None:
            html = self._done[key] = markupsafe.Markup(getattr(self._module, name)(*args))
        return html


def environment(templates: Path | Theme) -> jinja2.Environment:
    """Autoescaping on for HTML and XML; undefined names are errors, not blanks.
    `templates`: a folder, or a theme (an archive's overrides over the packaged one)."""
    theme = Theme.of(templates)
    env = jinja2.Environment(
        loader=theme.loader(),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    linker = _Linker()
    env.filters["link"] = linker.filter
    env.globals["_linker"] = linker
    env.globals["nav"] = NAV
    if theme.has("_macros.html"):
        env.filters["card"] = _Cards(env, linker)
    if theme.has("_chrome.html"):
        env.globals["chrome"] = _Chrome(env, linker)
    return env


def page_context(site: Site, page: Page, built: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the page's template is rendered from (`built`: what its builder made
    of it, if that was done already)."""
    url, _, builder, argument = page
    context: dict[str, Any] = built if built is not None else BUILDERS[builder](site, argument)
    # The 404 page is served at any depth, so its links start from the base path.
    root = site.config.base_path if url == urls.NOT_FOUND else urls.root(url)
    canonical = None if url == urls.NOT_FOUND else urls.absolute(site.config.base_url, url)
    context.update(site=site.config, page_url=url, root=root, canonical=canonical)
    context.setdefault("breadcrumbs", [])
    context["nav_here"] = url == nav_url(context.setdefault("section_nav", ""))
    return context


def render_context(env: jinja2.Environment, template: str, context: dict[str, Any]) -> str:
    env.globals["_linker"].root = context["root"]  # type: ignore[attr-defined]
    return env.get_template(template).render(context)


def _version(site: Site, theme: Theme) -> tuple[str, ...]:
    """What every cached card and page depends on besides its own data: the code that
    renders (this module and everything it imports, with the versions of Jinja and
    MarkupSafe: cachefile.code_key), the templates (all of them, as overridden: they
    import each other), the site's settings and its navigation."""
    return (cachefile.code_key(__name__), theme.digest(), repr(site.config), repr(site_nav(site)))


@dataclass(frozen=True, slots=True)
class _Job:
    site: Site
    pages: list[Page]
    staging: Staging
    theme: Theme
    reuse: Reuse


@dataclass(frozen=True, slots=True)
class Rendered:
    """What the render stage did; `keep` remembers its pages for the next build once
    they are in place."""

    pages: int
    reused: int
    """Pages linked from the previous build instead of rendered (reuse.py)."""
    reuse: Reuse
    entries: tuple[Entry, ...]

    def keep(self) -> None:
        self.reuse.save(self.entries)


_JOB: _Job | None = None


_ENV: tuple[Theme, jinja2.Environment] | None = None


def _worker_environment(theme: Theme) -> jinja2.Environment:
    """One environment per process and build: compiled templates and the card
    cache are kept across the slices a worker renders."""
    global _ENV
    if _ENV is None or _ENV[0] != theme:
        _ENV = (theme, environment(theme))
    return _ENV[1]


def _render_slice(bounds: tuple[int, int]) -> tuple[int, int, list[Entry]]:
    """Render (or link, when unchanged) a slice of the pages: (pages, linked, entries)."""
    assert _JOB is not None
    env = _worker_environment(_JOB.theme)
    site, staging, reuse = _JOB.site, _JOB.staging, _JOB.reuse
    linked = reuse.linked
    entries: list[Entry] = []
    for page in _JOB.pages[bounds[0]:bounds[1]]:
        rel = urls.output_path(page[0])
        # A page is keyed by what it is made from: its signature where it has one
        # (pagekeys.py: plain values, cheap to hash, and no context is built for a page
        # that is linked), else its inputs (views.INPUTS) or its whole context.
        made = INPUTS.get(page[2])
        inputs = made[0](site, page[3]) if made else None
        source = signature(site, page[2], page[3], inputs)
        context = None
        if source is None:
            source = inputs if made else (context := page_context(site, page))
        key = reuse.key(page, source)
        mark = reuse.link(rel, key, staging.place(rel))
        if mark is None:
            if context is None:
                context = page_context(site, page, made[1](inputs) if made else None)
            mark = fingerprint(staging.write(rel, render_context(env, page[1], context)))
        if key is not None:
            entries.append((rel, key, mark))
    return bounds[1] - bounds[0], reuse.linked - linked, entries


def render_all(site: Site, pages: list[Page], staging: Staging, *, workers: int = 0,
               templates: Path | Theme, progress: Callable[[int, int], None] | None = None,
               cache_dir: Path | None = None) -> Rendered:
    """Render and write every page. `cache_dir` keeps the article cards and the pages'
    keys between builds (None: no cache, every page rendered)."""
    global _JOB, _ENV
    workers = worker_count(workers)
    theme = Theme.of(templates)
    version = _version(site, theme)
    reuse = Reuse(cache_dir, staging.final, version)
    _JOB = _Job(site, pages, staging, theme, reuse)
    # One environment per build (the card cache belongs to one build), with every
    # template compiled and every card rendered here, before the workers are forked:
    # they inherit both.
    env = environment(theme)
    env.globals["nav"] = site_nav(site)  # every page's masthead: part of `version` above
    for name in sorted({page[1] for page in pages}):
        env.get_template(name)
    cards = env.filters.get("card")
    if isinstance(cards, _Cards):
        cards.preload(site, cache_dir / CARDS_FILE if cache_dir else None, version, workers)
    _ENV = (theme, env)
    step = 200
    slices = [(start, min(start + step, len(pages))) for start in range(0, len(pages), step)]
    done = linked = 0
    entries: list[Entry] = []

    def collect(results: Iterable[tuple[int, int, list[Entry]]]) -> None:
        nonlocal done, linked
        for written, reused, made in results:
            done += written
            linked += reused
            entries.extend(made)
            if progress:
                progress(done, len(pages))

    try:
        if workers == 1 or len(pages) < 2 * step or "fork" not in multiprocessing.get_all_start_methods():
            collect(map(_render_slice, slices))
        else:
            with frozen_heap(), multiprocessing.get_context("fork").Pool(workers) as pool:
                collect(pool.imap_unordered(_render_slice, slices))
    finally:
        _JOB = _ENV = None
        reuse.finish()
    return Rendered(done, linked, reuse, tuple(entries))
