"""The README and docs/ stand alone in a clone: every file, script and page they point to is in the repository."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_nothing_outside_the_clone_is_needed_to_follow_the_page(page):
    assert "../shared" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_relative_link_leads_to_a_file_of_the_repository(page):
    targets = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8"))
    broken = [target for target in targets if "://" not in target and not (page.parent / target).exists()]
    assert broken == []


def test_every_script_the_readme_names_exists_and_runs():
    scripts = set(re.findall(r"\b(scripts/[a-z-]+|bench/run|\.ci/run)\b", (REPO / "README.md").read_text()))
    assert {"scripts/run", "scripts/demo", "scripts/test", "scripts/bootstrap"} <= scripts
    assert [name for name in sorted(scripts) if not os.access(REPO / name, os.X_OK)] == []


def test_the_readme_leads_to_the_demo_the_single_leg_and_the_architecture_page():
    readme = (REPO / "README.md").read_text()
    for wanted in ("scripts/demo", "--scenario mirroring", "--keep-running", "scripts/test --sqlite-only",
                   "[docs/architecture.md](docs/architecture.md)", "docs/forge.md"):
        assert wanted in readme, wanted
