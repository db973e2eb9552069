"""Writing into content/ without ever losing an editor's work.

The manifest (content/.import-manifest.json) records the SHA-256 of every
file the importer wrote and, per raw source, its date and article numbers.
A file whose bytes still match the manifest is ours to replace; one that
differs was changed by an editor and is kept (reported) unless --force.
Writes go to a temporary file that is renamed over the target, so a crash
never leaves half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

MANIFEST = ".import-manifest.json"
MANIFEST_VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """What the importer wrote: {'files': {rel: {...}}, 'sources': {rel: {...}}}."""

    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def load(cls, content: Path) -> Manifest:
        path = content / MANIFEST
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(dict(data["files"]), dict(data["sources"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: the import manifest is unreadable ({exc}); restore it from "
                             "version control, or move it away to import as if for the first time") from None

    def dump(self) -> str:
        data = {"version": MANIFEST_VERSION, "files": self.files, "sources": self.sources}
        return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


@dataclass
class Outcome:
    """What happened to each file, for the summary printed after an import."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Changed by an editor since the import; left as they are."""
    overwritten: list[str] = field(default_factory=list)
    """Changed by an editor, replaced because of --force."""
    removed: list[str] = field(default_factory=list)
    """Articles an earlier import of the same source made that this one no longer does."""


def _atomic_write(path: Path, data: bytes) -> None:
    # A dot-name beside the target: the content loader skips dot files, and
    # the rename replaces the target in one step.
    tmp = path.with_name(f".{path.name}.import-tmp")
    try:
        tmp.write_bytes(data)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _safe_target(content: Path, rel: str) -> Path:
    """Refuse any path that would leave the content folder."""
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or any(p in ("..", ".", "") for p in parts):
        raise ValueError(f"refusing to write outside {content}: {rel}")
    return content.joinpath(*parts)


def apply(content: Path, files: dict[str, bytes], stale: list[str], manifest: Manifest,
          *, force: bool, meta: dict[str, dict[str, Any]]) -> Outcome:
    """Write `files` (rel path -> bytes), drop `stale` ones, update the manifest.

    `meta` holds extra manifest fields per file (e.g. guessed_title).
    """
    outcome = Outcome()
    for rel in sorted(files):
        data = files[rel]
        target = _safe_target(content, rel)
        current = target.read_bytes() if target.exists() else None
        recorded = manifest.files.get(rel, {}).get("sha256")
        if current == data:
            outcome.unchanged.append(rel)
        elif current is None or sha256(current) == recorded:
            _atomic_write(target, data)
            outcome.written.append(rel)
        elif force:
            _atomic_write(target, data)
            outcome.overwritten.append(rel)
        else:
            outcome.kept.append(rel)
            continue
        manifest.files[rel] = {"sha256": sha256(data), **meta.get(rel, {})}
    for rel in sorted(stale):
        target = _safe_target(content, rel)
        recorded = manifest.files.get(rel, {}).get("sha256")
        if target.exists() and sha256(target.read_bytes()) != recorded and not force:
            outcome.kept.append(rel)
            continue
        target.unlink(missing_ok=True)
        manifest.files.pop(rel, None)
        outcome.removed.append(rel)
    data = manifest.dump().encode("utf-8")
    path = content / MANIFEST
    if not path.exists() or path.read_bytes() != data:
        _atomic_write(path, data)
    return outcome
