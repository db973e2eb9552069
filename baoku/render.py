"""Jinja2 rendering of every page, split across processes.

Two passes over worker processes forked after the site data is built (they share
it without copying): the first keys every page of the plan and links those unchanged
since the last build into the staging folder (reuse.py); the second renders the
others and writes them there. Only counts, page numbers and keys travel between
processes. Cards (list entries) are rendered once before the second pass when it
renders much of the site, else by each worker as its pages need them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import markupsafe

from . import cachefile, urls
from .model import Article
from .pagekeys import mark_all, signature
from .parallel import fork_pool, frozen_heap, map_spans, worker_count
from .reuse import Entry, Fingerprint, Reuse, fingerprint
from .theme import Theme
from .views import BUILDERS, INPUTS, NAV, Card, Page, Site, article_card, nav_url, site_nav
from .writer import Staging

OBSOLETE = ("cards.store", "cards.store.journal")
"""Cache files of earlier versions (rendered cards, kept between builds: decoding every
card cost more than rendering the few a day's import needs); removed, so that a CI
cache stops carrying them."""
PARALLEL_CARDS = 2000
"""Below this many cards to render, starting processes costs more than it saves."""
PRELOAD_SHARE = 0.25
"""Every card is rendered before the render workers fork when at least this share of
the pages is to be rendered (a cold build); else each worker renders the cards its
pages show (a day's import renders a few hundred pages of 100,000)."""
STEP = 200
"""Pages a worker keys (or renders) per task."""

T = TypeVar("T")


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

    def preload(self, site: Site, workers: int = 1) -> None:
        """Every article's cards, rendered once here (in `workers` processes) before the
        render workers fork, so that they share them rather than each render its own."""
        articles = list(site.articles.values())
        made = map_spans(self._render_span, (site, articles), len(articles), workers, PARALLEL_CARDS)
        for article, (with_date, without) in zip(articles, made):
            self._shared[(article.id, True)], self._shared[(article.id, False)] = with_date, without

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
    MarkupSafe: cachefile.code_key; and feeds.py, whose sitemap files are kept the same
    way: Rendered.write), the templates (all of them, as overridden: they import each
    other), the site's settings and its navigation."""
    return (cachefile.code_key(__name__, f"{__package__}.feeds"), theme.digest(), repr(site.config),
            repr(site_nav(site)))


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
    extra: list[Entry] = field(default_factory=list)
    """Files written as pages are, outside the plan (`write`)."""

    def write(self, staging: Staging, rel: str, template: str, source: object, make: Callable[[], str]) -> None:
        """Write a file that is not a page of the plan (a sitemap's part) as the pages
        are: linked from the last build when made with the same template from the same
        `source` (everything it is made from besides the site's settings and code, as
        plain values), else made (`make()`, its text) and written; kept with the pages."""
        key = self.reuse.key((rel, template), source)
        mark = self.reuse.link(rel, key, staging)
        if mark is None:
            mark = fingerprint(staging.write(rel, make()))
        self.extra.append((rel, key, mark))

    def files(self) -> dict[str, Fingerprint]:
        """Every file this stage wrote or linked: site-relative path → (size, mtime_ns)."""
        return {rel: mark for rel, _, mark in (*self.entries, *self.extra)}

    def keep(self) -> None:
        self.reuse.save([*self.entries, *self.extra])


_JOB: _Job | None = None


_ENV: tuple[Theme, jinja2.Environment] | None = None


def _worker_environment(theme: Theme) -> jinja2.Environment:
    """One environment per process and build: compiled templates and the card
    cache are kept across the slices a worker renders."""
    global _ENV
    if _ENV is None or _ENV[0] != theme:
        _ENV = (theme, environment(theme))
    return _ENV[1]


def _key_slice(bounds: tuple[int, int]) -> tuple[int, list[Entry], list[tuple[int, bytes | None]]]:
    """Key a slice of the pages and link those unchanged since the last build (reuse.py):
    (pages linked, their entries, the pages to render: (index, key))."""
    assert _JOB is not None
    site, pages, staging, reuse = _JOB.site, _JOB.pages, _JOB.staging, _JOB.reuse
    entries: list[Entry] = []
    todo: list[tuple[int, bytes | None]] = []
    for index in range(*bounds):
        page = pages[index]
        # A page is keyed by what it is made from: its signature where it has one
        # (pagekeys.py: plain values, cheap to hash, and no context is built for a page
        # that is linked), else its inputs (views.INPUTS) or its whole context.
        gather = INPUTS.get(page[2])
        inputs = gather(site, page[3]) if gather else None
        source = signature(site, page[2], page[3], inputs)
        if source is None:
            source = inputs if gather else page_context(site, page)
        key = reuse.key(page, source)
        rel = urls.output_path(page[0])
        mark = reuse.link(rel, key, staging)
        if mark is None:
            todo.append((index, key))
        else:
            entries.append((rel, key, mark))
    return len(entries), entries, todo


def _render_slice(todo: list[tuple[int, bytes | None]]) -> tuple[int, list[Entry]]:
    """Render and write pages (index, key): (pages written, their entries: every page,
    with or without a key)."""
    assert _JOB is not None
    env = _worker_environment(_JOB.theme)
    site, pages, staging = _JOB.site, _JOB.pages, _JOB.staging
    entries: list[Entry] = []
    for index, key in todo:
        page = pages[index]
        rel = urls.output_path(page[0])
        mark = fingerprint(staging.write(rel, render_context(env, page[1], page_context(site, page))))
        entries.append((rel, key, mark))
    return len(todo), entries


def render_all(site: Site, pages: list[Page], staging: Staging, *, workers: int = 0,
               templates: Path | Theme, progress: Callable[[int, int], None] | None = None,
               cache_dir: Path | None = None, widen: tuple[Callable[[], bool], int] | None = None) -> Rendered:
    """Render and write every page, in two passes over processes forked from this one:
    every page is keyed, and linked from the last build when unchanged; then the others
    are rendered. `cache_dir` keeps the pages' keys between builds (None: no cache,
    every page rendered). `widen`: (ready, more): a render of one process hands the
    pages left to `more` workers as soon as `ready()` (the search tiers indexed beside
    it have ended, and their cores and memory are free: pipeline.build)."""
    global _JOB, _ENV
    workers = worker_count(workers)
    theme = Theme.of(templates)
    version = _version(site, theme)
    reuse = Reuse(cache_dir, staging.final, version)
    for name in OBSOLETE if cache_dir is not None else ():
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            (cache_dir / name).unlink(missing_ok=True)
    if not reuse.any():
        staging.renew()  # every page is rendered: none of the spare's files can stay
    _JOB = _Job(site, pages, staging, theme, reuse)
    # One environment per build (the card cache belongs to one build), with every
    # template compiled here, before the workers are forked: they inherit it.
    env = environment(theme)
    env.globals["nav"] = site_nav(site)  # every page's masthead: part of `version` above
    for name in sorted({page[1] for page in pages}):
        env.get_template(name)
    _ENV = (theme, env)
    if cache_dir is not None:
        mark_all(site)
    forks = "fork" in multiprocessing.get_all_start_methods()
    parallel = workers > 1 and forks
    widen = widen if widen is not None and widen[1] > 1 and forks else None
    done = 0
    entries: list[Entry] = []
    todo: list[tuple[int, bytes | None]] = []

    def count(written: int, made: list[Entry]) -> None:
        nonlocal done
        done += written
        entries.extend(made)
        if progress:
            progress(done, len(pages))

    try:
        slices = [(start, min(start + STEP, len(pages))) for start in range(0, len(pages), STEP)]
        for linked, made, left in _widening(_key_slice, slices, workers if parallel else 1, widen):
            count(linked, made)
            todo.extend(left)
        reused = done
        cards = env.filters.get("card")
        if isinstance(cards, _Cards) and len(todo) >= PRELOAD_SHARE * len(pages):
            cards.preload(site, workers)
        todo.sort()
        chunks = [todo[start:start + STEP // 4] for start in range(0, len(todo), STEP // 4)]
        for written, made in _widening(_render_slice, chunks, workers if parallel else 1, widen):
            count(written, made)
    finally:
        _JOB = _ENV = None
        reuse.finish()
    return Rendered(done, reused, reuse, tuple(entries))


def _widening(work: Callable[[Any], T], tasks: list[Any], workers: int,
              widen: tuple[Callable[[], bool], int] | None) -> Iterable[T]:
    """`_pool_map`; in one process with `widen` (ready, more), each task here until
    `ready()`, and the tasks left then in `more` forked processes."""
    if widen is None or workers > 1:
        yield from _pool_map(work, tasks, workers)
        return
    ready, more = widen
    for number, task in enumerate(tasks):
        if ready():
            yield from _pool_map(work, tasks[number:], more)
            return
        yield work(task)


def _pool_map(work: Callable[[Any], T], tasks: list[Any], workers: int) -> Iterable[T]:
    """work(task) for each task, in forked processes when there are enough tasks to share
    among `workers` (results in any order); else here."""
    if workers <= 1 or len(tasks) < 2:
        yield from map(work, tasks)
        return
    with frozen_heap(), fork_pool(min(workers, len(tasks))) as pool:
        yield from pool.imap_unordered(work, tasks)
