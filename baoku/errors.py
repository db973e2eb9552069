"""Problems found in content, collected and reported together."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the input, precise enough for an editor to fix it."""

    path: str
    """File the problem is in, relative to the content folder ('' for none)."""
    line: int
    """1-based line number, 0 when unknown."""
    field: str
    """Front-matter field or setting concerned ('' for the whole file)."""
    message: str
    """What is wrong and how to fix it, in one sentence."""

    def __str__(self) -> str:
        where = self.path or "<content>"
        if self.line:
            where += f":{self.line}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"


class BuildError(Exception):
    """Raised when a stage finds problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """A collector: stages add problems and raise them together at a seam."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, path: str, message: str, *, line: int = 0, field: str = "") -> None:
        self._items.append(Problem(path, line, field, message))

    def extend(self, problems: list[Problem]) -> None:
        self._items.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def items(self) -> list[Problem]:
        return sorted(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise BuildError(self._items)
