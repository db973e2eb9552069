"""Second pass: give every headline line to the right story, or to the remainder.

The first pass put headline lines before the story that follows them.  Layout
breaks that in a few known ways, each handled by one step below: continued
stories whose headline is printed elsewhere, photo captions under a slogan,
headlines and labels printed after their story, and group credits.
"""

from __future__ import annotations

from . import headlines, notices
from .continuations import best_orphan
from .kinds import guess_title, is_photo, kind_of
from .lines import Unit
from .overlap import overlap
from .story import Para, Piece, Story
from .text import squeeze, unspace_letters

PHOTO_TITLE_MIN = 0.3
"""A headline over a caption is the photo's title only if this share of its
word pairs occurs in the caption; otherwise it is a banner or slogan."""

LEFTOVER_MIN = 0.1
"""A headline left over after a continuation took another one goes to the
story before it only if it shares at least this much with that story's text
(and more than with the continuation); otherwise it is a fragment."""


def _text(units: list[Unit]) -> str:
    return " ".join(u.text for u in units)


def _to_remainder(units: list[Unit], reason: str, remainder: list[Piece]) -> None:
    remainder.extend(Piece(u.text, u.line, reason) for u in units)


def resolve(stories: list[Story], remainder: list[Piece], *, blank_separated: bool) -> list[Story]:
    """Run the steps in order; returns the stories in reading order."""
    stories = _drop_textless(stories, remainder)
    stories = _join_jumps(stories)
    _take_orphan_headlines(stories, remainder, blank_separated)
    _photo_banners(stories, remainder)
    for story in stories:
        story.headline = headlines.parse(story.heads, blank_separated=blank_separated)
    _attach_trailing(stories, remainder, blank_separated)
    _place_overflow(stories, remainder)
    _group_credits(stories)
    previous = ""
    for story in stories:
        story.kind = kind_of(story)
        assert story.headline is not None
        if not story.headline.title:
            story.headline.title = _notice_title(story, previous) or guess_title(story)
            story.guessed_title = True
            story.notes.append(f"guessed title '{story.headline.title}' (printed without a headline)")
        previous = story.headline.title
    return sorted(stories, key=lambda s: s.anchor)


def _notice_title(story: Story, previous: str) -> str:
    """A notice printed without a title: the type its closing formula names
    ('特此通知' -> '通知'), else the type of the notice run together before it."""
    if story.kind != "notice":
        return ""
    for para in reversed(story.paras):
        if notices.is_closer(para.text) or notices.ends_with_closer(para.text):
            word = "".join(para.text.split())[-2:]
            if word in notices.NOTICE_WORDS:
                return word
    return next((w for w in notices.NOTICE_WORDS if previous.endswith(w)), "")


def _drop_textless(stories: list[Story], remainder: list[Piece]) -> list[Story]:
    """A headline and byline with no text under them are not an article."""
    kept = []
    for story in stories:
        if story.paras:
            kept.append(story)
        else:
            _to_remainder(story.heads + story.trailing, "headline without any text", remainder)
            remainder.extend(Piece(p.text, p.line, "byline without any text") for p in story.byline_paras)
    return kept


def _join_jumps(stories: list[Story]) -> list[Story]:
    """'(下转第2版)' … '(上接第1版)' in the same file: one story, joined.

    Each continuation joins the earlier story, still open for a jump, whose
    headline shares most words with it.  Its own jump headline, if printed,
    stays as a subhead at the seam so that nothing is lost.
    """
    out: list[Story] = []
    for story in stories:
        heads = [s for s in out if s.continued_to and not s.continued_from_joined]
        if story.continued_from and heads:
            head = max(heads, key=lambda s: overlap(_text(s.heads) or s.body_text[:60], story.body_text))
            seam = [Para(squeeze(_text(story.heads)), story.heads[0].line, subhead=True)] if story.heads else []
            head.paras.extend(seam + story.paras)
            head.byline_paras.extend(story.byline_paras)
            head.trailing.extend(story.trailing)
            head.credits.extend(story.credits)
            head.continued_to = story.continued_to
            head.continued_from_joined = True
            head.notes.append(f"joined the continuation printed from line {story.paras[0].line}")
            continue
        out.append(story)
    return out


def _take_orphan_headlines(stories: list[Story], remainder: list[Piece], blank_separated: bool) -> None:
    """A continuation takes the body-less headline printed for it elsewhere.

    Candidates are the top line of another story's headline group (when the
    rest of that group still has a title) and headlines printed after a story
    that already has one.  The continuation's own headline, if it loses, goes
    to the story before it or to the remainder.
    """
    for idx, story in enumerate(stories):
        if not story.continued_from:
            continue
        options: list[tuple[Story, list[Unit], str]] = []
        for other in stories:
            if other is story:
                continue
            blocks = headlines._blocks(other.heads, blank_separated)
            if len(blocks) >= 2 and headlines.parse([u for b in blocks[1:] for u in b]).title:
                options.append((other, blocks[0], "heads"))
            if other.trailing and other.heads:
                options.append((other, other.trailing, "trailing"))
        own = overlap(headlines.parse(story.heads).title, story.body_text) if story.heads else 0.0
        pick = best_orphan(story.body_text, [(i, _text(units)) for i, (_, units, _) in enumerate(options)])
        if pick is None or overlap(_text(options[pick][1]), story.body_text) <= own:
            continue
        other, units, where = options[pick]
        if where == "heads":
            del other.heads[: len(units)]
        else:
            other.trailing = []
        leftover, story.heads = story.heads, list(units)
        story.notes.append(f"continuation took the headline printed at line {units[0].line}")
        if leftover:
            prev = stories[idx - 1] if idx else None
            near = overlap(_text(leftover), prev.body_text) if prev is not None else 0.0
            if prev is not None and near >= LEFTOVER_MIN and near > overlap(_text(leftover), story.body_text):
                prev.trailing.extend(leftover)
            else:
                _to_remainder(leftover, "headline that fits no story", remainder)


def _photo_banners(stories: list[Story], remainder: list[Piece]) -> None:
    """A slogan over a photo caption ('慎终如始做好 常态化疫情防控') is a banner."""
    for story in stories:
        if story.heads and is_photo(story) and overlap(_text(story.heads), story.body_text) < PHOTO_TITLE_MIN:
            _to_remainder(story.heads, "banner: shares no words with the photo under it", remainder)
            story.heads = []


def _attach_trailing(stories: list[Story], remainder: list[Piece], blank_separated: bool) -> None:
    """Headlines and labels printed after their story's body."""
    for story in stories:
        if not story.trailing:
            continue
        head = story.headline
        assert head is not None
        tail = headlines.parse(story.trailing, blank_separated=blank_separated)
        text = squeeze(_text(story.trailing))
        if not head.title:
            tail.units = story.heads + story.trailing
            story.headline = tail
            story.notes.append(f"headline printed after the body (line {story.trailing[0].line})")
        elif not head.column and len(story.trailing) == 1:
            # The story has its title already: a lone line after it is its label.
            head.column = unspace_letters(text)
            story.notes.append(f"column label printed after the body (line {story.trailing[0].line})")
        elif overlap(text, story.body_text) >= LEFTOVER_MIN:
            if not head.subtitle:
                head.subtitle = text
            elif not head.kicker:
                head.kicker = text
            else:
                _to_remainder(story.trailing, "second headline of a story", remainder)
                continue
            story.notes.append(f"second headline '{text}' printed after the body kept as subtitle/kicker")
        else:
            _to_remainder(story.trailing, "headline that fits no story", remainder)


def _place_overflow(stories: list[Story], remainder: list[Piece]) -> None:
    """Labels stacked above a story's own column label.

    When two labels stand above a title, the upper one belongs to the story
    before, if that story's headline was printed after its body (layout
    printed its label there too) and it has no label yet.  A label above a
    notice is a banner: notices do not run under columns.
    """
    for idx, story in enumerate(stories):
        head = story.headline
        assert head is not None
        prev = stories[idx - 1] if idx else None
        for unit in head.overflow:
            prev_head = prev.headline if prev is not None else None
            if prev is not None and prev_head is not None and not prev_head.column and (prev.trailing or not prev.heads):
                prev_head.column = unspace_letters(unit.text)
                prev.notes.append(f"column label '{prev_head.column}' printed after the body (line {unit.line})")
            else:
                remainder.append(Piece(unit.text, unit.line, "label above a column label"))
        head.overflow = []
        if head.column and notices.is_notice_title(head.title):
            line = next((u.line for u in head.units if unspace_letters(u.text) == head.column), head.line)
            remainder.append(Piece(head.column, line, "banner above a notice"))
            head.column = ""


def _group_credits(stories: list[Story]) -> None:
    """'(本组稿件由何宝国采写)' credits every story of the group.

    The group is the stories before it, back to the previous group credit,
    that have no byline of their own; photos, notices and continuations from
    other pages are never part of a group.
    """
    for idx, story in enumerate(stories):
        group = [c for c in story.credits if c.group]
        if not group:
            continue
        names = tuple(n for c in group for n in c.authors)
        for other in reversed(stories[:idx]):
            if any(c.group for c in other.credits):
                break
            if other.has_byline or other.continued_from or is_photo(other) or kind_of(other) == "notice":
                continue
            other.group_authors = names
            other.notes.append(f"authors {', '.join(names)} from the group credit at line {story.paras[-1].line}")

