"""The front end's built files (``frontend/`` -> ``addon/static/app`` by Vite), served under ``/static/app``.

Vite names every built file after a hash of its content, so those can be cached for a year; its manifest
says which files an entry point needs, so a page can link them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, send_from_directory

BUILD_DIR = Path(__file__).resolve().parents[1] / "static" / "app"
MANIFEST = BUILD_DIR / ".vite" / "manifest.json"
HASHED_DIR = "assets/"
YEAR_SECONDS = 365 * 24 * 3600
# Unhashed files (the glance icon Jira links from the descriptor) change with a release: an hour will do.
UNHASHED_MAX_AGE = 3600

bp = Blueprint("assets", __name__, url_prefix="/static/app")


class FrontendNotBuilt(RuntimeError):
    """The page cannot be served: the build is missing (``scripts/bootstrap`` makes it)."""


@dataclass(frozen=True)
class EntryFiles:
    script: str
    styles: tuple[str, ...]
    preloads: tuple[str, ...]


@bp.get("/<path:filename>")
def built_file(filename: str):
    max_age = YEAR_SECONDS if filename.startswith(HASHED_DIR) else UNHASHED_MAX_AGE
    return send_from_directory(BUILD_DIR, filename, max_age=max_age)


def entry_files(entry: str) -> EntryFiles:
    """The built files of one entry point (``src/settings/main.jsx``), paths relative to ``/static/app``."""
    try:
        mtime = MANIFEST.stat().st_mtime_ns
    except FileNotFoundError:
        raise FrontendNotBuilt(f"the front end is not built ({MANIFEST} is missing): run scripts/bootstrap") from None
    manifest = _manifest(mtime)
    if entry not in manifest:
        raise FrontendNotBuilt(f"the front-end build has no entry {entry!r}: run scripts/build-frontend")
    chunks = list(_chunks(manifest, entry))
    return EntryFiles(
        script=manifest[entry]["file"],
        styles=tuple(dict.fromkeys(css for chunk in chunks for css in manifest[chunk].get("css", []))),
        preloads=tuple(manifest[chunk]["file"] for chunk in chunks if chunk != entry),
    )


@lru_cache(maxsize=2)
def _manifest(mtime_ns: int) -> dict:
    """Read again only when a new build replaced it (the mtime is the cache key)."""
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def _chunks(manifest: dict, name: str, seen: set | None = None):
    """The entry and every chunk it imports statically, each once."""
    seen = set() if seen is None else seen
    if name in seen:
        return
    seen.add(name)
    yield name
    for imported in manifest[name].get("imports", []):
        yield from _chunks(manifest, imported, seen)
