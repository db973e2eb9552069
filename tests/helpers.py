"""Small builders for test content folders."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CONTENT = ROOT / "tests" / "fixtures" / "content"


BUNDLED_CONTENT = ROOT / "content"


def copy_fixture(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/content (seven real articles from two issues)
    with the bundled archive's section taxonomy and word lists."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    shutil.copy(BUNDLED_CONTENT / "sections.toml", target / "sections.toml")
    shutil.copytree(BUNDLED_CONTENT / "subjects", target / "subjects")
    return target


def write_article(content: Path, rel: str, front: str, body: str = "正文。\n") -> Path:
    """Write content/articles/<rel> with the given front-matter lines."""
    path = content / "articles" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path


def article_pages(site: Path) -> list[Path]:
    """Every article page of a built site (YYYY/MM/DD/NN.html), sorted."""
    return sorted(p for p in site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*.html")
                  if p.name != "index.html")


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative POSIX path) with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}
