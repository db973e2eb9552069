"""A page's signature stands for its whole context: where it is unchanged, so is the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import copy_fixture, write_article

from baoku import overviews, pipeline, urls
from baoku.pagekeys import SIGNATURES, signature
from baoku.render import environment, page_context, render_context
from baoku.theme import Theme
from baoku.views import INPUTS, site_nav

COPY = "2023/01/05/09"
"""An invented repeated copy: the paper printed 2022/07/28/02 again, on page 2."""


@pytest.fixture(autouse=True)
def _small_overviews(monkeypatch: pytest.MonkeyPatch) -> None:
    """Overviews of two terms and letters of two terms a part: the fixture's taxonomies
    get A–Z indexes with several letters and parts (the letter pages' signatures)."""
    monkeypatch.setattr(overviews, "OVERVIEW_TOP", 2)
    monkeypatch.setattr(overviews, "LETTER_PAGE", 2)


def _archive(tmp_path: Path) -> Path:
    """The fixture (seven real articles, two issues) with one-article term pages, so that
    terms have older pages, and a story printed again in the later issue."""
    content = copy_fixture(tmp_path)
    settings = content / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("per_page = 30", "per_page = 1\n"
                                                                      "archive_per_page = 1"), encoding="utf-8")
    write_article(content, f"{COPY}.md", "title: 大盂新城数字电网方案获评全省电力示范项目\ndate: '2023-01-05'\n"
                  "kind: news\norder: 9\npage: '2'\nrepeats: 2022/07/28/02", "7月27日，国网太原供电公司发布消息。\n")
    return content


def _pages(content: Path) -> dict[str, tuple[object, str]]:
    """Every page of the site built from `content`: URL → (signature, HTML)."""
    loaded = pipeline.load(content, use_cache=False)
    site, pages = loaded.site, loaded.pages
    env = environment(Theme.for_content(content, None))
    env.globals["nav"] = site_nav(site)
    made = {}
    for page in pages:
        inputs = INPUTS[page[2]](site, page[3]) if page[2] in INPUTS else None
        made[page[0]] = (signature(site, page[2], page[3], inputs),
                         render_context(env, page[1], page_context(site, page)))
    return made


def _edit(content: Path, change: str) -> None:
    articles = content / "articles"
    path = articles / "2022/07/28/02.md"
    text = path.read_text(encoding="utf-8")
    if change == "retitled":  # its copy's printed page names it where it was first printed
        text = text.replace("title: 大盂新城数字电网方案", "title: 大盂新城数字电网建设方案")
    elif change == "related":  # an article of another issue becomes related to this one
        path = articles / "2023/01/05/02.md"
        text = path.read_text(encoding="utf-8") + "\n" + text.split("---", 2)[2]
    elif change == "author":
        text = text.replace("- 于健\n", "- 贾少先\n")
    elif change == "topics":
        text = text.replace("order: 2\n", "order: 2\ntopics: [龙头, 数字电网]\n")
    elif change == "column":
        text = text.replace("order: 2\n", "order: 2\ncolumn: 太忻一体化经济区 强势起步进行时\n")
    elif change == "section":  # every card and list entry of it shows the section
        text = text.replace("order: 2\n", "order: 2\nsection: 社会\n")
    elif change == "page":  # moved to another printed page of its issue
        text = text.replace("order: 2\n", "order: 2\npage: '3'\n")
    elif change == "lexicon":  # the section changes, the article's file does not
        sections = content / "sections.toml"
        sections.write_text(sections.read_text(encoding="utf-8").replace(
            'slug = "politics"\n', 'slug = "politics"\ncolumns = ["大盂新城"]\n'), encoding="utf-8")
        return
    elif change == "removed":
        (articles / "2022/07/28/04.md").unlink()
        return
    elif change == "next day":  # a day's import: neighbours, terms' first pages, older pages
        write_article(content, "2023/01/06/01.md", "title: 太原市召开数字经济发展大会\ndate: '2023-01-06'\n"
                      "kind: news\norder: 1\npage: '1'\nauthors:\n- 于健",
                      "本报讯 国网太原供电公司数字电网建设经验在大会上交流。\n")
        return
    path.write_text(text, encoding="utf-8")


def test_every_page_of_a_signed_builder_has_a_signature(tmp_path: Path) -> None:
    made = _pages(_archive(tmp_path))
    signed = [url for url, (sign, _) in made.items() if sign is not None]
    assert {sign[0] for sign, _ in made.values() if sign is not None} == set(SIGNATURES)  # type: ignore[index]
    assert urls.page(dt.date(2023, 1, 5), "2") in signed  # the page with the copy


@pytest.mark.parametrize("change", ["retitled", "related", "author", "topics", "column", "section", "lexicon",
                                    "page", "removed", "next day"])
def test_a_page_whose_signature_is_unchanged_after_an_edit_is_the_same_page(tmp_path: Path, change: str) -> None:
    content = _archive(tmp_path)
    before = _pages(content)
    _edit(content, change)
    after = _pages(content)
    same = changed = 0
    for url in before.keys() & after.keys():
        (old_sign, old_html), (new_sign, new_html) = before[url], after[url]
        if old_sign is not None and old_sign == new_sign:
            assert new_html == old_html, f"{url}: the signature is unchanged but the page is not"
            same += 1
        elif old_sign is not None:
            changed += 1
    assert same and changed  # both kinds happen on every edit

