"""Whole issues in another paper's layout: the invented national-daily fixtures.

tests/fixtures/import/*.txt are whole issues (page headers, datelines,
closing credits, column tags, boxes, documents, symposia, roundups, photos,
ads) with gold segmentations rendered from annotated sources; see
render_fixtures.py.  `python bench/accuracy_import.py` prints the table.
"""

from __future__ import annotations

import pytest
from import_gold import gold_files, load, score

from baoku.importer.api import render_article
from baoku.importer.issue import segment_issue
from baoku.importer.lossless import difference, raw_characters, segmentation_characters

GOLD = gold_files()


@pytest.fixture(scope="module", params=GOLD, ids=lambda p: p.name.split(".")[0])
def issue(request):
    name, text, entry = load(request.param)
    return name, text, entry, segment_issue(text)


def test_there_are_at_least_three_whole_fixture_issues_of_eight_pages_and_forty_articles():
    entries = [load(gold)[2] for gold in GOLD]
    whole = [e for e in entries if len(e["articles"]) >= 40 and len({a["page"] for a in e["articles"]}) >= 8]
    assert len(whole) >= 3 and all(len({a["page"] for a in e["articles"]}) >= 8 for e in entries)


def test_at_least_90_percent_of_fixture_articles_start_on_the_right_line(issue):
    name, _, entry, seg = issue
    s = score(name, seg, entry)
    assert s.starts >= 0.9 * s.articles, s.misses


def test_at_least_85_percent_of_fixture_articles_get_the_exact_title(issue):
    name, _, entry, seg = issue
    s = score(name, seg, entry)
    assert s.titles >= 0.85 * s.articles, s.misses


def test_spurious_articles_are_at_most_a_tenth_of_the_real_ones(issue):
    name, _, entry, seg = issue
    s = score(name, seg, entry)
    assert s.spurious <= 0.1 * s.articles, s.misses


def test_every_found_article_records_the_page_and_page_name_of_its_page_header(issue):
    name, _, entry, seg = issue
    s = score(name, seg, entry)
    assert s.pages == s.starts


def test_nothing_of_a_fixture_issue_is_lost_or_duplicated(issue):
    _, text, _, seg = issue
    assert difference(raw_characters(text), segmentation_characters(seg)) == (type(raw_characters(""))(),) * 2


def test_a_story_printed_again_on_a_later_page_repeats_the_first_copy():
    _name, text, entry = load(next(g for g in GOLD if g.name.startswith("jinghua")))
    seg = segment_issue(text)
    arts = entry["articles"]
    by_line = {d.line: d for d in seg.drafts}
    copies = [(a, arts[a["repeats"] - 1]) for a in arts if "repeats" in a]
    assert [a["titles"] for a, _ in copies] == [["全国铁路国庆假期运输方案公布"]]
    (copy_gold, first_gold), = copies
    copy, first = by_line[copy_gold["line"]], by_line[first_gold["line"]]
    assert (copy.repeats, first.repeats, copy.page, first.page) == (first.order, 0, "04", "01")
    assert [d.order for d in seg.drafts if d.repeats] == [copy.order]
    written = render_article(copy, date="2024-09-20", slot="17", source="sources/x.txt", repeats="2024/09/20/04")
    assert "\nrepeats: 2024/09/20/04\n" in written and "\npage_name: 经济\n" in written
