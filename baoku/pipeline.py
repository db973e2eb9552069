"""The build, top to bottom: load → analyse → index → render → write → search → swap.

The search stage is planned before the render and its tiers are indexed beside it, in a
process forked when the build starts (parallel.Aside); the stage then waits for them.

Everything is read and checked before a single file is written; pages go into a
staging folder that replaces the output folder only when every stage succeeded.
"""

from __future__ import annotations

import functools
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from . import cachefile, feeds, overviews, uptodate, urls
from .config import load_config
from .content import load_articles
from .errors import BuildError, Problem
from .guard import check_output
from .indexes import build_indexes
from .model import SearchDoc, Subjects
from .parallel import Aside, apart, long_lived, release_memory, settled, thaw, worker_count, yielding
from .render import Rendered, environment, render_all
from .subjects import analyse
from .subjects.cache import kept as facts_kept
from .subjects.lexicon import FILES as LEXICON_FILES
from .theme import Theme
from .typeset import prepare
from .views import Page, Site, plan
from .writer import Staging

log = logging.getLogger("baoku")

CACHE_DIR = ".cache"
"""Analysis cache, beside the content folder's parent (git-ignored)."""
APART_SHARE = 0.05
"""The analysis runs in a process of its own (parallel.apart), unless fewer than this
share of the content files changed since the last build (a day's import, an edit),
none of the lexicon's, and the last build's facts are kept for this code: it then updates
the last build's analysis, reads little and leaves little garbage, and sending its
result between processes would cost more (about 2 s at 100,000 articles)."""


@dataclass
class BuildReport:
    """What a build did, for the closing summary."""

    phases: list[tuple[str, float]] = field(default_factory=list)
    unchanged: bool = False
    """Nothing to do: the inputs and the site were as the last build left them (uptodate.py)."""
    articles: int = 0
    pages: int = 0
    reused: int = 0
    """Pages unchanged since the last build, linked instead of rendered."""
    files: int = 0
    bytes: int = 0
    search: str = ""
    warnings: list[str] = field(default_factory=list)
    """Things worth a look that do not stop a build (check only)."""

    def summary(self) -> str:
        if self.unchanged:
            return (f"nothing changed since the last build: the site ({self.articles} articles, {self.pages} "
                    f"pages, {self.bytes / 1e6:.1f} MB) is up to date ({self.phases[0][1]:.2f}s)")
        timing = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.phases)
        total = sum(seconds for _, seconds in self.phases)
        pages = (f"{self.articles} articles → {self.pages} pages, {self.files} files, "
                 f"{self.bytes / 1e6:.1f} MB in {total:.2f}s")
        if self.reused:
            pages += f" ({self.reused} unchanged pages reused)"
        lines = [pages, f"phases: {timing}"]
        if self.search:
            lines.append(f"search: {self.search}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Loaded:
    """The checked site, ready to render."""

    site: Site
    pages: list[Page]
    warnings: tuple[Problem, ...] = ()
    """What was read but fixed on the way (printed as warnings)."""


@contextmanager
def _phase(report: BuildReport, name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.phases.append((name, time.perf_counter() - start))


def load(content_dir: Path, report: BuildReport | None = None, *, workers: int = 0,
         use_cache: bool = True, known: Mapping[str, bytes] | None = None, update: bool = False) -> Loaded:
    """Read, analyse and index the content; raise BuildError with every problem found.
    With use_cache=False nothing at all is written (no cache in .cache/ is read or written).
    `known`: content files' hashes as the up-to-date check found them (load_articles).
    `update`: few files changed since the last build (APART_SHARE)."""
    report = report if report is not None else BuildReport()
    cache = cache_dir(content_dir) if use_cache else None
    with _phase(report, "load"):
        config, problems = load_config(content_dir)
        loaded = load_articles(content_dir, workers=workers, prepare=prepare, cache_dir=cache, known=known)
        problems = [*problems, *loaded.problems]
        for warning in loaded.warnings:
            log.warning("warning: %s", warning)
    with _phase(report, "analyse"):
        # In a process of its own (parallel.apart): its garbage never scatters the
        # memory that the render workers fork from (one worker, or an update of the last
        # build's analysis, which makes little garbage: all in this process, but for the
        # archive-wide steps when they start over, on a month's first day).
        arguments = (loaded.articles, content_dir, cache / "subjects" if cache else None, workers)
        if workers == 1 or (update and cache is not None and facts_kept(cache / "subjects")):
            subjects, found = analyse(*arguments, fresh_apart=workers != 1)
        else:
            packed, found = apart(_analyse_packed, *arguments)
            subjects = Subjects.unpack(packed)
        problems.extend(found)
    if problems:
        raise BuildError(problems)
    with _phase(report, "index"):
        indexes = build_indexes(loaded.articles, subjects)
        spelled = overviews.kept(cache)
        site = Site(config, {a.id: a for a in loaded.articles}, subjects, indexes, spelled=dict(spelled))
        pages = plan(site)
        overviews.keep(cache, spelled, site)
        collisions = _collisions(site, pages)
        if collisions:
            raise BuildError(collisions)
    report.articles = len(loaded.articles)
    return Loaded(site, pages, loaded.warnings)


def _analyse_packed(*arguments: Any) -> tuple[tuple[object, ...], list[Problem]]:
    """analyse, its result as plain values (Subjects.pack), to send between processes."""
    subjects, problems = analyse(*arguments)
    return subjects.pack(), problems


def cache_dir(content_dir: Path) -> Path:
    """The build's cache folder: .cache/ beside content/."""
    return content_dir.resolve().parent / CACHE_DIR


def _changed(before: uptodate.Record | None, now: uptodate.Inputs) -> float:
    """How many content files are new or changed since the last build, by their hashes
    (a fresh clone's new file times change nothing); infinity when there was none, or
    when a file of the lexicon changed (a word list: every article's words change)."""
    if before is None:
        return float("inf")
    kept = before.inputs.files
    changed = [rel for rel, (_, _, digest) in now.files.items() if rel not in kept or kept[rel][2] != digest]
    return float("inf") if set(LEXICON_FILES).intersection(changed) else len(changed)


def _collisions(site: Site, pages: list[Page]) -> list[Problem]:
    """Two pages may never share a URL: name every clash, the values and the files behind it."""
    extra = [urls.FEED, urls.SITEMAP, "robots.txt"] + [
        urls.section_feed(t.segment) for t in site.indexes.terms["section"]]
    counts = Counter([urls.output_path(p[0]) for p in pages] + extra)
    clashes = {path for path, count in counts.items() if count > 1}
    folders: set[str] = set()
    for path in counts:
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:  # a known folder's own folders are known
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    clashes.update(folders.intersection(counts))  # a page that would be another's folder
    if not clashes:
        return []
    owners: dict[str, list[tuple[str, str]]] = {path: [] for path in clashes}
    terms = {(taxonomy, term.name): term for taxonomy in urls.TAXONOMIES
             for term in site.indexes.terms[taxonomy]}
    for url, _, builder, argument in pages:
        path = urls.output_path(url)
        if path not in clashes:
            continue
        if builder == "article":
            position, index = argument
            article = site.indexes.issues[position].articles[index]
            owners[path].append((article.path, f"the article {article.path}"))
        elif builder == "term" and argument[2] is None:
            taxonomy, name, _ = argument
            first = terms[(taxonomy, name)].articles[0]
            owners[path].append((first.path, f"the {taxonomy} '{name}' (named in {first.path})"))
        else:
            owners[path].append(("", f"the generated page {url or 'index.html'}"))
    problems = []
    for path in sorted(clashes):
        found = owners[path] or [("", "a generated file")]
        where = next((file for file, _ in found if file), "")
        named = " and ".join(what for _, what in found)
        if counts[path] == 1:
            problems.append(Problem(where, 0, "", f"{path} would be both a page ({named}) and the folder of "
                                    "other pages; rename the value or the article file so that they differ"))
            continue
        problems.append(Problem(where, 0, "", f"two pages would be written to {path}: {named}; rename "
                                "the value or the article file so that they differ"))
    return problems


def check(content_dir: Path) -> BuildReport:
    """Validate the content (and content/importer.toml) without writing anything."""
    from .importer import profile
    from .importer.duplicates import unmarked_copies
    report = BuildReport()
    _, layout_problems = profile.load(content_dir)
    try:
        loaded = load(content_dir, report, use_cache=False)
    except BuildError as error:
        raise BuildError(error.problems + layout_problems) from None
    if layout_problems:
        raise BuildError(layout_problems)
    report.pages = len(loaded.pages)
    report.warnings = unmarked_copies([(a.id, a.date.isoformat(), a.title, a.body, a.repeats)
                                       for a in loaded.site.articles.values()])
    return report


def build(content_dir: Path, output_dir: Path, *, search: bool = True, workers: int = 0,
          templates: Path | None = None, progress: Callable[[int, int], None] | None = None,
          skip_unchanged: bool = True) -> BuildReport:
    """Build content_dir into output_dir atomically; raise BuildError on bad content,
    and on an output folder the build may not replace (checked before anything is touched).
    `templates`: the theme folder to use instead of the packaged one; the archive's own
    templates/ (beside content_dir) overrides either file by file (theme.py).
    When the inputs and the output folder are exactly as the last build left them,
    nothing is done (uptodate.py), unless `skip_unchanged` is False."""
    unsafe = check_output(output_dir, content_dir)
    if unsafe:
        raise BuildError(unsafe)
    theme = Theme.for_content(content_dir, templates)
    report = BuildReport()
    cache = cache_dir(content_dir)
    started = time.perf_counter()
    before = uptodate.previous(cache)
    inputs = uptodate.inputs(content_dir, _identity(theme, search, output_dir), before)
    if skip_unchanged and uptodate.unchanged(before, inputs, output_dir):
        for warning in before.warnings:
            log.warning("warning: %s", warning)
        uptodate.refresh(cache, before, inputs)
        return BuildReport([("check", time.perf_counter() - started)], unchanged=True, articles=before.articles,
                           pages=before.pages, files=len(before.site), bytes=before.bytes)
    # Search tiers are indexed in a process of its own, beside the render, forked now
    # while this process is small (parallel.Aside); with one worker, or without fork,
    # after the render. The analysis writes its state beside the build too (parallel.soon),
    # done before the build returns.
    with settled(enabled=worker_count(workers) > 1), Aside(enabled=search and worker_count(workers) > 1) as aside:
        with long_lived():  # the articles, their analysis and indexes live to the end of the build
            loaded = load(content_dir, report, workers=workers,
                          known={rel: digest for rel, (_, _, digest) in inputs.files.items() if digest},
                          update=_changed(before, inputs) < APART_SHARE * len(inputs.files))
        indexing = False
        try:
            site, pages, warnings = loaded.site, loaded.pages, loaded.warnings
            staging = Staging(output_dir)  # the search folder is never taken from the spare
            try:
                staging.create()
            except OSError as exc:
                raise BuildError([_unwritable(output_dir, exc)]) from None
            render_workers = worker_count(workers)
            try:
                if search:
                    with _phase(report, "search plan"):
                        from . import search as searching
                        try:
                            work = searching.prepare_search(staging.dir, search_docs(site), previous=output_dir,
                                                            trusted=before.site if before else None)
                        except searching.PagefindError as error:  # the previous site stays as it was
                            raise BuildError([Problem("", 0, "search", str(error))]) from error
                        if aside.forked:  # a large tier waiting for the render takes one of its workers
                            work, render_workers = searching.share_cores(work, worker_count(workers))
                        aside.start(searching.complete_search, work)
                        indexing = aside.forked and bool(work.jobs)  # beside the render
                        del work  # the articles' text now lives in the process aside
                with _phase(report, "render"), yielding(indexing):
                    # A render that gave up a worker to the tiers takes it back once they end.
                    widen = (aside.done, worker_count(workers)) if render_workers < worker_count(workers) else None
                    rendered = render_all(site, pages, staging, workers=render_workers, templates=theme,
                                          progress=progress, cache_dir=cache_dir(content_dir), widen=widen)
                    report.pages, report.reused = rendered.pages, rendered.reused
                with _phase(report, "write"):
                    _write_extras(site, pages, staging, theme, rendered)
                if search:
                    with _phase(report, "search"):
                        # The articles (text, HTML, analysis) are not needed any more: let them go,
                        # so that the memory of the tiers still being indexed is not added to theirs.
                        del loaded, site, pages
                        release_memory()
                        aside.release()  # the tiers too large to index beside the site start now
                        try:
                            report.search = aside.result().summary()
                        except searching.PagefindError as error:  # the previous site stays as it was
                            raise BuildError([Problem("", 0, "search", str(error))]) from error
                written = staging.written(rendered.files(), (searching.SEARCH_DIR,) if search else ())
                report.files, report.bytes = len(written), sum(size for size, _ in written.values())
                with _phase(report, "swap"):
                    staging.swap(written, spare=2 * report.reused >= report.pages)
            except OSError as exc:
                aside.stop()  # nothing may still be writing into the staging folder
                staging.discard()
                raise BuildError([_unwritable(output_dir, exc)]) from None
            except BaseException:
                aside.stop()
                staging.discard()
                raise
            rendered.keep()  # only now are the pages where the next build will look for them
            uptodate.record(cache, inputs, written, articles=report.articles, pages=report.pages,
                            warnings=tuple(map(str, warnings)))
            return report
        finally:
            thaw()  # a preview server builds again and again in one process


def _identity(theme: Theme, search: bool, output_dir: Path) -> tuple[object, ...]:
    """What the site depends on besides the content folder (uptodate.inputs)."""
    engine: tuple[object, ...] = ()
    if search:
        from .search.service import PagefindError, executable
        try:
            binary = executable()
            status = binary.stat()
            engine = (str(binary), status.st_size, status.st_mtime_ns)
        except (PagefindError, OSError):
            engine = ("missing",)  # the build itself says what to do
    return (theme.digest(), cachefile.code_key(__name__), search, engine, str(output_dir.resolve()))


def _unwritable(output_dir: Path, exc: OSError) -> Problem:
    """A full, read-only or vanished output disk is a problem to report, not a traceback."""
    detail = exc.strerror or str(exc)
    if exc.filename:
        detail += f" ({exc.filename})"
    return Problem(str(output_dir), 0, "", f"the site could not be written: {detail}; the previous "
                   "site is left as it was: free space or fix permissions, then build again")


def _write_extras(site: Site, pages: list[Page], staging: Staging, theme: Theme, rendered: Rendered) -> None:
    """Feeds, the sitemap, robots.txt and the theme's static files. The sitemap's
    files are written as pages are (render.Rendered.write): a part unchanged since the
    last build is linked (at 100,000 articles, rendering the 17 parts took 0.35 s)."""
    env = environment(theme)
    config, indexes = site.config, site.indexes
    analyses = site.subjects.by_article

    def section(article_id: str) -> str:
        return analyses[article_id].section if article_id in analyses else ""

    listed = [a for a in site.articles.values() if a.id not in indexes.copies]  # a story printed twice: once
    staging.write(urls.FEED, feeds.atom(env, config, listed, title=config.title,
                                        feed_url=urls.FEED, page_url=urls.HOME, section=section))
    for term in indexes.terms["section"]:  # its articles are newest first already (build_indexes)
        staging.write(urls.section_feed(term.segment),
                      feeds.atom(env, config, term.articles[:config.feed_size], title=f"{config.title} · {term.name}",
                                 feed_url=urls.section_feed(term.segment), page_url=term.url(),
                                 section=section))
    days = [issue.date.isoformat() for issue in indexes.issues]  # an article page's lastmod: its issue's date
    dated = [(p[0], days[p[3][0]] if p[2] == "article" else "") for p in pages if p[0] != urls.NOT_FOUND]
    for path, template, source, make in feeds.sitemap_files(config, dated):
        rendered.write(staging, path, template, source, functools.partial(make, env))
    staging.write("robots.txt", feeds.robots(config))
    for name, path in theme.static_files().items():  # an archive's own file wins, name by name
        staging.write(PurePosixPath(urls.STATIC, name), path.read_bytes())


def search_docs(site: Site) -> list[SearchDoc]:
    """One search record per article, in print order of each issue; a story the paper
    printed twice is found once, where it was first printed (its copy's page links it).
    Fields by position: every build makes one per article (keyword arguments cost a
    third more at 100,000 articles)."""
    docs = []
    textless, analyses, page_url = site.indexes.textless, site.subjects.by_article, urls.article
    for issue in site.indexes.issues:
        day = issue.date.isoformat()
        for a in issue.listed:
            section = "" if a.id in textless else analyses[a.id].section  # as the section pages file it
            # Each name once (a photographer may be an author too); most articles have one.
            names = a.authors + a.photographers if a.photographers else a.authors
            authors = names if len(names) < 2 else tuple(dict.fromkeys(names))
            docs.append(SearchDoc(page_url(a.id), a.title, a.kicker, a.subtitle, a.body, day, section, a.column,
                                  a.kind, authors, a.page, a.digest))
    return docs


def terminal_progress(label: str = "render") -> Callable[[int, int], None] | None:
    """A one-line progress bar on a terminal; None (quiet) when stderr is not a TTY."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = int(30 * done / max(total, 1))
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
