"""Segmentation accuracy against the hand annotation of three sample issues.

The annotation (tests/fixtures/reference-segmentation.yaml, a copy of the one
shipped with the samples) and the sample issues (content/sources/) are both
in the repository, so these tests run on a fresh clone and never skip.

Run with `-s` to see the per-issue table.  Texts are compared after NFKC
with all whitespace removed, as the annotation's header says.  An article's
body_start is its first body paragraph after any 本报讯 lead and
(上接第N版) marker (bylines printed above the body are written after it).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

from baoku.importer.decode import decode
from baoku.importer.issue import Draft, segment_issue

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "fixtures" / "reference-segmentation.yaml"
SOURCES = ROOT / "content" / "sources"


def sample(name: str) -> Path:
    """The sample issue '000_….txt', kept in content/sources/ as '<date>_000_….txt'."""
    (path,) = SOURCES.glob(f"*_{name}")
    return path

_MARKER = re.compile(r"^\((?:上接|紧接|接|续)第?[A-Za-z]?\d+(?:版|页)\)")
_LEAD = re.compile(r"^本报讯")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def body_start(draft: Draft) -> str:
    for text, subhead in draft.paragraphs:
        rest = norm(text)
        rest = _MARKER.sub("", rest)
        rest = _LEAD.sub("", rest)
        if rest and not subhead:
            return rest
    return ""


def score(name: str, entry: dict) -> dict[str, object]:
    seg = segment_issue(decode(sample(name).read_bytes(), name).text)
    drafts = list(seg.drafts)
    matched: set[int] = set()
    found = titled = credited = 0
    fields_ok = fields_all = 0
    for ref in entry["articles"]:
        start = norm(ref["body_start"])
        hit = next((i for i, d in enumerate(drafts) if i not in matched and body_start(d).startswith(start)), None)
        if hit is None:
            continue
        matched.add(hit)
        draft = drafts[hit]
        found += 1
        titles = ref.get("titles")
        titled += (draft.guessed_title if titles is None else norm(draft.title) in {norm(t) for t in titles})
        credited += ([norm(a) for a in ref.get("authors", [])] == [norm(a) for a in draft.authors]
                     and [norm(p) for p in ref.get("photographers", [])] == [norm(p) for p in draft.photographers])
        for key in ("kicker", "subtitle", "column"):
            if key in ref:
                fields_all += 1
                fields_ok += norm(ref[key]) == norm(getattr(draft, key))
    total = len(entry["articles"])
    return {"issue": name[:3], "articles": total, "drafts": len(drafts),
            "body_start": found / total, "title": titled / total, "authors": credited / total,
            "fields": (fields_ok, fields_all), "spurious": len(drafts) - len(matched)}


def reference() -> dict[str, dict]:
    return yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def table() -> list[dict[str, object]]:
    rows = [score(name, entry) for name, entry in reference().items()]
    print("\nissue articles drafts body_start title authors kicker/subtitle/column spurious")
    for r in rows:
        ok, all_ = r["fields"]  # type: ignore[misc]
        print(f"{r['issue']:>5} {r['articles']:>8} {r['drafts']:>6} {r['body_start']:>10.0%} {r['title']:>5.0%} "
              f"{r['authors']:>7.0%} {ok:>11}/{all_:<12} {r['spurious']:>8}")
    return rows


def test_at_least_95_percent_of_reference_articles_are_found_with_the_right_start(table):
    assert all(r["body_start"] >= 0.95 for r in table), table


def test_at_least_90_percent_of_reference_articles_get_an_acceptable_title(table):
    assert all(r["title"] >= 0.90 for r in table), table


def test_at_least_90_percent_of_reference_articles_get_the_right_authors_and_photographers(table):
    assert all(r["authors"] >= 0.90 for r in table), table


def test_every_annotated_kicker_subtitle_and_column_is_right(table):
    assert all(r["fields"][0] == r["fields"][1] for r in table), table


def test_no_issue_has_more_than_one_spurious_article(table):
    assert all(r["spurious"] <= 1 for r in table), table


def test_the_annotation_dates_match_the_dates_the_samples_were_imported_under():
    assert {name: entry["date"] for name, entry in reference().items()} == {
        name: sample(name).name[:10] for name in reference()}
