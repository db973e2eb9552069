"""`baoku init DIR --paper NAME`: a new archive, from the files beside this module.

The files are package data (pyproject.toml): a paper-neutral section taxonomy and
word lists, the site settings, .gitignore, requirements.txt pinning this baoku
version, the GitHub Actions workflow and a README of next steps. `@PAPER@` and
`@VERSION@` in them are replaced. Nothing that exists is ever overwritten: when any
file init would write is already there, or the folder already holds content/,
nothing is written at all.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import tomllib
import unicodedata
from pathlib import Path


class InitError(Exception):
    """Why no archive was made (one line)."""


FILES = {
    "content/site.toml": "site.toml",
    "content/sections.toml": "sections.toml",
    "content/subjects/dictionary.txt": "subjects/dictionary.txt",
    "content/subjects/stopwords.txt": "subjects/stopwords.txt",
    "content/subjects/topics.txt": "subjects/topics.txt",
    "content/subjects/places.txt": "subjects/places.txt",
    "content/subjects/people.txt": "subjects/people.txt",
    "content/articles/.gitkeep": None,
    ".gitignore": "gitignore",
    "requirements.txt": "requirements.txt",
    ".github/workflows/site.yml": "site.yml",
    "README.md": "README.md",
}
"""What init writes (relative to the archive's folder) from which skeleton file (None: empty)."""


def version() -> str:
    """This baoku's version: installed, or (run from a checkout never installed) its pyproject.toml's."""
    try:
        return importlib.metadata.version("baoku")
    except importlib.metadata.PackageNotFoundError:
        project = Path(__file__).resolve().parents[2] / "pyproject.toml"
        return tomllib.loads(project.read_text(encoding="utf-8"))["project"]["version"]


def _check_paper(paper: str) -> str:
    name = paper.strip()
    if not name:
        raise InitError("--paper must name the newspaper, e.g. --paper 测试日报")
    if name.startswith("《") or name.endswith("》"):
        raise InitError(f"--paper takes the name without 《》: --paper {name.strip('《》')}")
    if any(unicodedata.category(c).startswith("C") for c in name) or len(name) > 60:
        raise InitError(f"--paper {name!r} is not a newspaper's name (control characters, or over 60 characters)")
    return name


def _toml_string(text: str) -> str:
    """The inside of a TOML basic string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def init(folder: Path, paper: str) -> str:
    """Make a new archive in `folder` (created if missing); a summary of what was made."""
    name = _check_paper(paper)
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} exists and is not a folder")
    if (folder / "content").exists():
        raise InitError(f"{folder} already holds an archive ({folder / 'content'} exists); "
                        "baoku init never overwrites one")
    taken = sorted(rel for rel in FILES if (folder / rel).exists())
    if taken:
        raise InitError(f"{folder} already has {', '.join(taken)}; baoku init never overwrites a file "
                        "(use a new or empty folder)")
    skeleton = importlib.resources.files(__name__)
    values = {"@PAPER@": name, "@VERSION@": version()}
    made = {}
    for rel, source in FILES.items():
        text = skeleton.joinpath(source).read_text(encoding="utf-8") if source else ""
        for marker, value in values.items():
            text = text.replace(marker, _toml_string(value) if rel.endswith(".toml") else value)
        made[rel] = text
    tomllib.loads(made["content/site.toml"])  # the name cannot break the settings file
    for rel, text in made.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8", newline="\n") as handle:  # "x": never over a file
            handle.write(text)
    return (f"Made a new archive of 《{name}》 in {folder}: {len(made)} files. Next steps are in "
            f"{folder / 'README.md'}; start with:\n  cd {folder}\n  baoku import ISSUE.txt --date YYYY-MM-DD\n"
            "  baoku serve")
