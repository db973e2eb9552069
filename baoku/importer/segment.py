"""First pass: units -> stories, in reading order.

Walks the units once, keeping the story being read and the headline lines
waiting for a body.  Each branch below is one rule.  Where a run of
headline-shaped lines appears inside an open story, it is not the first
matching rule that decides but `group_score`: weighted cues on both sides of
the run (what ends before it, what opens after it, its own shape), each
checked on both layouts we know (the city daily's samples and the invented
national-daily fixtures in tests/fixtures/import/).  The second pass
(resolve.py) then decides which headline lines belong to which story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import notices
from .bylines import Credit, lead_byline, parse_bare_name, split_tail
from .continuations import continued_from, continued_to
from .headlines import is_dash_subtitle
from .lines import BODY, BOX, CLOSER, CREDIT, DATE, FURNITURE, HEAD, LIST, MARKER, NAME, Unit, is_lead
from .profile import DEFAULT, Compiled
from .story import Para, Piece, Story
from .text import ends_open, fold, is_letter_spaced

# Weights of the cues that decide whether a run of headline-shaped lines inside
# a story is a new story's headline group (score > 0) or the story's subheads.
# Each was counted on both layouts we know (see the README's importer notes).
W_COLUMN_TAG = 3.0
"""The run ends with a column tag: '…（今日谈）'."""
W_OPENS = 3.0
"""A dateline, a box label ('核心阅读'), a continuation or a picture gap follows the run."""
W_BYLINE_AFTER = 2.0
"""A byline ('本报记者  韩雪') follows the run."""
W_PAGE = 3.0
"""A page header or staff line stands just before the run."""
W_LEAD_STORY = 1.0
"""The story so far is dated news (in a layout where news runs no subheads)."""
W_FEATURE = -1.0
"""The story so far opened without a dateline: features run subheads."""
W_CONTRIBUTOR = -3.0
"""A contributor line ('王建国（…研究员）') follows: a symposium's subhead."""
W_DOCUMENT = 2.0
"""A chapter or list heading follows: the title of a document ('…条例' / '第一章 总 则')."""
W_SUBTITLE = 2.0
"""The run ends with a dash subtitle under an unterminated line."""
W_STACK = 2.0
W_STACKED_LABEL = -1.0
"""A run of two or more lines is more often a group, unless it is a short
label over a subhead ('一线观察' / '改造前先开“楼道会”')."""
W_NEVER_SUBHEAD = 5.0
"""Letter-spaced labels and notice titles are never subheads."""


@dataclass(slots=True)
class FirstPass:
    stories: list[Story] = field(default_factory=list)
    remainder: list[Piece] = field(default_factory=list)


def _starts_story(unit: Unit | None) -> bool:
    """A unit that can only open a new story: lead, continuation, picture gap."""
    return unit is not None and unit.kind in (BODY, MARKER) and (
        unit.kind == MARKER or unit.gap or unit.lead or continued_from(unit.text) is not None)


def _plain_body(unit: Unit | None) -> bool:
    return unit is not None and unit.kind == BODY and not _starts_story(unit)


def group_score(story: Story, run: list[Unit], prev: Unit | None, after: Unit | None, prof: Compiled) -> float:
    """Evidence that a run of headline-shaped lines inside an open story is a
    new story's headline group (> 0) rather than the story's subheads.

    The run is judged on both sides: what ends before it and what starts
    after it, plus its own shape.
    """
    last = run[-1].text
    score = 0.0
    if prof.tag is not None and prof.tag.match(fold(last).strip()) and not last.strip().startswith(("(", "（")):
        score += W_COLUMN_TAG
    if after is None or after.kind == BOX or _starts_story(after):
        score += W_OPENS
    elif after.kind == CREDIT and after.credit is not None and after.credit.authors:
        score += W_BYLINE_AFTER
    elif after.kind == BODY and after.credit is not None:
        score += W_CONTRIBUTOR
    elif after.kind == LIST:
        score += W_DOCUMENT
    if prev is not None and prev.kind == FURNITURE:
        score += W_PAGE
    if len(run) >= 2 and is_dash_subtitle(last) and not is_dash_subtitle(run[-2].text):
        score += W_SUBTITLE
    elif len(run) >= 2:
        short_label = len("".join(run[0].text.split())) <= 4 and not is_letter_spaced(run[0].text)
        score += W_STACKED_LABEL if short_label else W_STACK
    if story.lead and not prof.profile.dateline_stories:
        score += W_LEAD_STORY
    elif not story.lead:
        score += W_FEATURE
    if any(is_letter_spaced(u.text) or notices.is_notice_title(u.text) for u in run):
        score += W_NEVER_SUBHEAD
    return score


def _run(units: list[Unit], i: int) -> int:
    """End (exclusive) of the run of headline-shaped lines starting at i."""
    j = i
    while j < len(units) and units[j].kind in (HEAD, NAME):
        j += 1
    return j


def _is_signature(story: Story | None, unit: Unit, nxt: Unit | None) -> bool:
    """Issuer line of a notice: after its closing formula, or just above a date."""
    if story is None or not story.paras:
        return False
    if story.signing and notices.is_issuer(unit.text):
        return True
    return nxt is not None and nxt.kind == DATE and (story.signing or not story.closed)


def first_pass(units: list[Unit], prof: Compiled | None = None) -> FirstPass:
    prof = prof or DEFAULT.compiled()
    out = FirstPass()
    pending: list[Unit] = []
    story: Story | None = None
    subheads_until = -1
    """Units before this index were judged subheads as one run."""

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
            # A headline never stands apart from its story across a page header: lines
            # waiting above one are the paper's masthead or a banner.
            out.remainder.extend(Piece(u.text, u.line, "line above a page header") for u in pending)
            pending = []
            out.remainder.append(Piece(unit.text, unit.line, "page header or staff line"))
            continue
        if kind == NAME and pending and _plain_body(nxt) and len(pending) <= 3:
            # '故乡的桂花' / '林晓白' / text: an essay's author printed under its title.
            story = start(unit)
            story.byline_paras.append(Para(unit.text, unit.line))
            story.credits.append(Credit(authors=(parse_bare_name(unit.text) or unit.text,)))
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
        if kind == BOX:
            # '核心阅读', '编者按': the box opens the body of the story whose headline waits.
            if pending or story is None or story.closed or not story.paras:
                if not pending and story is not None and not story.closed and not story.paras:
                    story.paras.append(Para(unit.text, unit.line, subhead=True))
                    continue
                story = start(unit)
            story.paras.append(Para(unit.text, unit.line, subhead=True))
            story.boxed = True
            continue
        if kind == LIST:
            # '第一章 总 则', '一、总体要求': a heading inside a document, never a headline.
            if pending or story is None or story.closed:
                story = start(unit)
            story.paras.append(Para(unit.text, unit.line, subhead=True))
            continue
        if kind == HEAD and not pending and story is not None and story.paras and _follows_sentence(prev) \
                and is_dash_subtitle(unit.text) and not story.closed and not _opens(nxt):
            # '——朱熹' after a quotation: its source, body text (unless a byline or dateline
            # follows: then it is the subtitle of a story whose title is not in the file).
            story.paras.append(Para(unit.text, unit.line))
            continue
        if kind == HEAD:
            if not pending and _is_signature(story, unit, nxt):
                assert story is not None
                story.paras.append(Para(unit.text, unit.line))
                continue
            if not pending and i >= subheads_until and story is not None and story.paras and not story.closed:
                end = _run(units, i)
                after = units[end] if end < len(units) else None
                if group_score(story, units[i:end], prev, after, prof) <= 0:
                    subheads_until = end
            if i < subheads_until:
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
            # '本报记者 X' inside a story, above more of its text, does not end it;
            # nor does a contributor's credit inside a symposium opened by '编者按'.
            inside = nxt is not None and not story.closed and not unit.credit.photographers and (
                (_plain_body(nxt) and (story.lead or story.boxed) and bool(unit.credit.authors)
                 and prof.profile.dateline_stories)
                or (story.boxed and not unit.credit.authors and nxt.kind in (BODY, HEAD) and not nxt.lead
                    and len("".join(nxt.text.split())) <= SYMPOSIUM_SUBHEAD_MAX
                    and _plain_body(units[i + 2] if i + 2 < len(units) else None)))
            story.closed = story.closed or not inside
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
        # A dateline under a box, or one more dated section of a roundup, goes on with the story.
        if (story is not None and story.paras and not pending and not just_begun and _is_caption(unit, nxt)
                and (i + 2 >= len(units) or not _plain_body(units[i + 2]))):
            # '2月3日，游客在…' above 'X摄（新华社发）' after a story's text: a photo of its own.
            story = start(unit)
            _add_body(story, unit)
            continue
        goes_on = (story is not None and not story.closed and unit.lead and not unit.gap
                   and (story.boxed or (story.lead and prof.profile.dateline_stories)))
        if pending or story is None or (not just_begun and not goes_on and (story.closed or _starts_story(unit))):
            story = start(unit)
        _add_body(story, unit)
    if pending:
        if out.stories:
            out.stories[-1].trailing.extend(pending)
        else:
            out.remainder.extend(Piece(u.text, u.line, "headline without any story") for u in pending)
    return out


SYMPOSIUM_SUBHEAD_MAX = 16
"""A short line after a contributor's credit in a symposium is the next contributor's subhead."""
CAPTION_MAX = 200
_CAPTION = re.compile(r"^(?:\d{1,2}月\d{1,2}日|图为|近日|日前)[,，]")


def _is_caption(unit: Unit, nxt: Unit | None) -> bool:
    """A dated short paragraph right above a photo credit ('刘畅摄（新华社发）')."""
    return (unit.kind == BODY and nxt is not None and nxt.kind == CREDIT and nxt.credit is not None
            and bool(nxt.credit.photographers) and not nxt.credit.authors
            and len(unit.text) <= CAPTION_MAX and bool(_CAPTION.match(unit.text.strip())))


def _opens(unit: Unit | None) -> bool:
    """A dateline or a byline: what stands under a headline group."""
    return unit is not None and (unit.lead or (unit.kind == CREDIT and unit.credit is not None
                                               and bool(unit.credit.authors)))


def _follows_sentence(prev: Unit | None) -> bool:
    """The unit before ends a sentence: a dash line after it is a quotation's source."""
    return prev is not None and prev.kind == BODY and not ends_open(prev.text)


def _add_body(story: Story, unit: Unit) -> None:
    """Append a body paragraph and read what it says about the story."""
    if unit.credit is not None:
        story.credits.append(unit.credit)  # a contributor line
    if unit.lead and story.boxed:
        story.lead = True
    if not story.paras:
        story.lead = unit.lead
        if (cont := continued_from(unit.text)) is not None:
            story.continued_from = cont[0]
            story.lead = is_lead(cont[1])
    story.paras.append(Para(unit.text, unit.line, joined=tuple(unit.joined)))
    if (len(story.paras) == 1 or unit.lead) and (credit := lead_byline(unit.text)) is not None:
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
