"""First pass: units -> stories, in reading order.

Walks the units once, keeping the story being read and the headline lines
waiting for a body.  Each branch below is one rule; the second pass
(resolve.py) then decides which headline lines belong to which story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import notices
from .bylines import Credit, lead_byline, parse_bare_name, split_tail
from .continuations import continued_from, continued_to
from .headlines import is_dash_subtitle
from .lines import BODY, CLOSER, CREDIT, DATE, FURNITURE, HEAD, MARKER, NAME, Unit, is_lead
from .story import Para, Piece, Story
from .text import is_letter_spaced


@dataclass(slots=True)
class FirstPass:
    stories: list[Story] = field(default_factory=list)
    remainder: list[Piece] = field(default_factory=list)


def _starts_story(unit: Unit | None) -> bool:
    """A unit that can only open a new story: lead, continuation, picture gap."""
    return unit is not None and unit.kind in (BODY, MARKER) and (
        unit.kind == MARKER or unit.gap or is_lead(unit.text) or continued_from(unit.text) is not None)


def _plain_body(unit: Unit | None) -> bool:
    return unit is not None and unit.kind == BODY and not _starts_story(unit)


def is_subhead(story: Story | None, unit: Unit, nxt: Unit | None) -> bool:
    """An in-article subhead ('咱家食堂') rather than a new story's headline.

    Features and reports without a 本报讯 lead are divided by one-line
    subheads; news stories that open with 本报讯 are not, so there a
    headline-like line starts the next story.  A subhead is followed by more
    plain text of the same story.
    """
    return (story is not None and bool(story.paras) and not story.closed and not story.lead
            and _plain_body(nxt) and not is_dash_subtitle(unit.text)
            and not is_letter_spaced(unit.text) and not notices.is_notice_title(unit.text))


def _is_signature(story: Story | None, unit: Unit, nxt: Unit | None) -> bool:
    """Issuer line of a notice: after its closing formula, or just above a date."""
    if story is None or not story.paras:
        return False
    if story.signing and notices.is_issuer(unit.text):
        return True
    return nxt is not None and nxt.kind == DATE and (story.signing or not story.closed)


def first_pass(units: list[Unit]) -> FirstPass:
    out = FirstPass()
    pending: list[Unit] = []
    story: Story | None = None

    def start(unit: Unit) -> Story:
        nonlocal pending
        new = Story(heads=pending)
        pending = []
        out.stories.append(new)
        return new

    for i, unit in enumerate(units):
        nxt = units[i + 1] if i + 1 < len(units) else None
        prev = units[i - 1] if i else None
        kind = unit.kind
        if kind == FURNITURE:
            out.remainder.append(Piece(unit.text, unit.line, "page header or staff line"))
            continue
        if kind == NAME:
            # A bare name right after a story's text, before the next story, is its byline.
            if (story is not None and story.paras and not story.closed and not pending
                    and prev is not None and prev.kind == BODY and not _plain_body(nxt)):
                story.paras.append(Para(unit.text, unit.line))
                story.credits.append(Credit(authors=(parse_bare_name(unit.text) or unit.text,)))
                story.closed = True
                continue
            kind = HEAD
        if kind == HEAD:
            if not pending and _is_signature(story, unit, nxt):
                assert story is not None
                story.paras.append(Para(unit.text, unit.line))
            elif not pending and is_subhead(story, unit, nxt):
                assert story is not None
                story.paras.append(Para(unit.text, unit.line, subhead=True))
            else:
                pending.append(unit)
            continue
        if kind == CREDIT:
            assert unit.credit is not None
            if pending and story is not None and story.paras and not story.closed and not _plain_body(nxt):
                # Headline printed after the body, just above the byline.
                story.trailing.extend(pending)
                pending = []
            if pending:
                # A byline under the headline, above the body ('本报评论员').
                story = start(unit)
                story.byline_paras.append(Para(unit.text, unit.line))
                story.credits.append(unit.credit)
                continue
            if story is None:
                out.remainder.append(Piece(unit.text, unit.line, "byline before any story"))
                continue
            story.paras.append(Para(unit.text, unit.line))
            story.credits.append(unit.credit)
            story.closed = True
            continue
        if kind == MARKER and continued_from(unit.text) is None and story is not None and story.paras:
            # '(下转第4版)' on its own line ends the story it follows.
            _add_body(story, unit)
            continue
        if kind in (CLOSER, DATE) and story is not None and not pending and story.paras:
            story.paras.append(Para(unit.text, unit.line))
            # The closing formula opens the signature; its date ends it.
            story.signing = kind == CLOSER or (story.signing and kind != DATE)
            story.closed = True
            continue
        # Body text (or a continuation marker).
        # A story begun by a byline or a bare '(上接第1版)' line goes on with this text.
        just_begun = story is not None and not story.closed and (
            not story.paras or (len(story.paras) == 1 and units[i - 1].kind == MARKER))
        if pending or story is None or (not just_begun and (story.closed or _starts_story(unit))):
            story = start(unit)
        _add_body(story, unit)
    if pending:
        if out.stories:
            out.stories[-1].trailing.extend(pending)
        else:
            out.remainder.extend(Piece(u.text, u.line, "headline without any story") for u in pending)
    return out


def _add_body(story: Story, unit: Unit) -> None:
    """Append a body paragraph and read what it says about the story."""
    if not story.paras:
        story.lead = is_lead(unit.text)
        if (cont := continued_from(unit.text)) is not None:
            story.continued_from = cont[0]
            story.lead = is_lead(cont[1])
    story.paras.append(Para(unit.text, unit.line, joined=tuple(unit.joined)))
    if len(story.paras) == 1 and (credit := lead_byline(unit.text)) is not None:
        story.credits.append(credit)
    if page := continued_to(unit.text):
        story.continued_to = page
        story.closed = True
    if tail := split_tail(unit.text):
        story.credits.append(tail[1])
        story.closed = True
    if notices.ends_with_closer(unit.text):
        story.signing = True
        story.closed = True
