"""Jinja2 rendering of every page, split across processes.

Each worker renders a slice of the page plan and writes its pages straight into
the staging folder, so only counts travel between processes. The workers are
forked after the site data is built, so they share it without copying.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2

from . import urls
from .views import BUILDERS, Page, Site
from .writer import Staging

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    """Autoescaping on for HTML and XML; undefined names are errors, not blanks."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True)


def render_page(env: jinja2.Environment, site: Site, page: Page) -> str:
    url, template, builder, argument = page
    context: dict[str, Any] = BUILDERS[builder](site, argument)
    # The 404 page is served at any depth, so its links start from the base path.
    root = site.config.base_path if url == urls.NOT_FOUND else urls.root(url)
    canonical = None if url == urls.NOT_FOUND else urls.absolute(site.config.base_url, url)
    context.update(site=site.config, page_url=url, root=root, canonical=canonical,
                   link=lambda target, _root=root: urls.link(target, _root))
    context.setdefault("breadcrumbs", [])
    context.setdefault("section_nav", "")
    return env.get_template(template).render(context)


@dataclass(frozen=True, slots=True)
class _Job:
    site: Site
    pages: list[Page]
    staging: Staging
    templates: Path


_JOB: _Job | None = None


def _render_slice(bounds: tuple[int, int]) -> int:
    assert _JOB is not None
    env = environment(_JOB.templates)
    for page in _JOB.pages[bounds[0]:bounds[1]]:
        _JOB.staging.write(urls.output_path(page[0]), render_page(env, _JOB.site, page))
    return bounds[1] - bounds[0]


def render_all(site: Site, pages: list[Page], staging: Staging, *, workers: int = 0,
               templates: Path = TEMPLATES, progress: Callable[[int, int], None] | None = None) -> int:
    """Render and write every page; returns the number of pages written."""
    global _JOB
    workers = workers or os.cpu_count() or 1
    _JOB = _Job(site, pages, staging, templates)
    step = 200
    slices = [(start, min(start + step, len(pages))) for start in range(0, len(pages), step)]
    done = 0
    try:
        if workers == 1 or len(pages) < 2 * step or "fork" not in multiprocessing.get_all_start_methods():
            for written in map(_render_slice, slices):
                done += written
                if progress:
                    progress(done, len(pages))
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for written in pool.imap_unordered(_render_slice, slices):
                    done += written
                    if progress:
                        progress(done, len(pages))
    finally:
        _JOB = None
    return done
