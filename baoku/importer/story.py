"""The importer's working record of one story, between segmentation and writing."""

from __future__ import annotations

from dataclasses import dataclass, field

from .bylines import Credit
from .headlines import Headline
from .lines import Unit


@dataclass(slots=True)
class Para:
    """One paragraph of a story's body, as printed."""

    text: str
    line: int
    subhead: bool = False
    """An in-article subhead ('咱家食堂'), written as a Markdown heading."""
    joined: tuple[int, ...] = ()
    """Further source lines joined into this paragraph."""


@dataclass(slots=True)
class Piece:
    """Text that belongs to no story, kept in the issue's remainder."""

    text: str
    line: int
    reason: str


@dataclass(slots=True)
class Story:
    """A story being assembled; becomes one article file."""

    heads: list[Unit] = field(default_factory=list)
    """Headline lines printed before the body."""
    trailing: list[Unit] = field(default_factory=list)
    """Headline lines printed after the body (layout put them there)."""
    paras: list[Para] = field(default_factory=list)
    byline_paras: list[Para] = field(default_factory=list)
    """Bylines printed above the body; written after it, where the others are."""
    credits: list[Credit] = field(default_factory=list)
    lead: bool = False
    """Opens with 本报讯 or a dateline: a news story, which has no subheads."""
    closed: bool = False
    """A byline, credit or notice formula ended it; more text is a new story."""
    signing: bool = False
    """A notice's closing formula was seen: issuer and date lines may follow."""
    boxed: bool = False
    """Its body opened with a box label ('核心阅读'): the dateline under it goes on with the story."""
    continued_from: str = ""
    continued_to: str = ""
    headline: Headline | None = None
    guessed_title: bool = False
    kind: str = "news"
    notes: list[str] = field(default_factory=list)
    """Decisions an editor should check, for the review report."""
    group_authors: tuple[str, ...] = ()
    """Authors credited by a group credit printed after a later story."""
    continued_from_joined: bool = False
    """A continuation printed later in the file was joined to this story."""

    @property
    def anchor(self) -> int:
        """Reading-order position: where its headline or its text starts."""
        lines = [u.line for u in self.heads] + [p.line for p in self.paras]
        return min(lines) if lines else 0

    @property
    def body_text(self) -> str:
        return "\n".join(p.text for p in self.paras)

    @property
    def authors(self) -> list[str]:
        names = [n for c in self.credits for n in c.authors] or list(self.group_authors)
        return list(dict.fromkeys(names))

    @property
    def photographers(self) -> list[str]:
        return list(dict.fromkeys(n for c in self.credits for n in c.photographers))

    @property
    def has_byline(self) -> bool:
        return any(c.authors for c in self.credits)
