"""The templates and static files a site is made with: the packaged default theme,
overridden file by file by the archive's own `templates/` folder.

The default theme is this repository's top-level `templates/`. A wheel ships it as
package data at `baoku/templates` (pyproject.toml maps the package `baoku.templates`
to that folder); a source checkout and an editable install read it where it is.

An archive overrides a template or a static file by putting a file of the same name
in `templates/` beside its `content/` folder (`templates/404.html`,
`templates/static/style.css`): Jinja looks there first, and static files are taken
from there first, name by name — as MkDocs' `custom_dir` and Hugo's project layouts
do. Everything not overridden comes from the packaged theme.
"""

from __future__ import annotations

import hashlib
import importlib.resources
from dataclasses import dataclass
from pathlib import Path

import jinja2

OVERRIDES_DIR = "templates"
"""An archive's own templates, beside its content folder."""
STATIC_DIR = "static"


def packaged() -> Path:
    """The default theme's folder: the wheel's package data, else the checkout's templates/."""
    shipped = importlib.resources.files("baoku") / "templates"
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parent.parent / "templates"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"baoku's templates are missing: neither {shipped} nor {checkout} exists; "
                            "reinstall baoku")


@dataclass(frozen=True, slots=True)
class Theme:
    """Template folders in the order they are searched: the first that has a file wins."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, templates: Path | Theme) -> Theme:
        return templates if isinstance(templates, Theme) else cls((Path(templates),))

    @classmethod
    def for_content(cls, content_dir: Path, base: Path | None = None) -> Theme:
        """The theme of the archive at content_dir: its templates/ folder (when it has
        one) over `base` (default: the packaged theme)."""
        default = (base if base is not None else packaged()).resolve()
        own = content_dir.resolve().parent / OVERRIDES_DIR
        return cls((own, default) if own.is_dir() and own.resolve() != default else (default,))

    def loader(self) -> jinja2.BaseLoader:
        return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)) for folder in self.folders])

    def has(self, name: str) -> bool:
        return any((folder / name).is_file() for folder in self.folders)

    def files(self, under: str = "") -> dict[str, Path]:
        """Every effective file below `under` ('' for all), by its name relative to it
        (POSIX, sorted): an override hides the packaged file of the same name."""
        found: dict[str, Path] = {}
        for folder in self.folders:
            top = folder / under if under else folder
            if not top.is_dir():
                continue
            for path in top.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    found.setdefault(path.relative_to(top).as_posix(), path)
        return dict(sorted(found.items()))

    def static_files(self) -> dict[str, Path]:
        return self.files(STATIC_DIR)

    def digest(self) -> str:
        """A hash of the effective set — names and contents — for cache keys: changing,
        adding or removing an override changes it; unrelated folders do not."""
        digest = hashlib.blake2b(digest_size=20)
        for name, path in self.files().items():
            digest.update(name.encode())
            digest.update(b"\x00")
            digest.update(path.read_bytes())
            digest.update(b"\x00")
        return digest.hexdigest()
