"""Attachments across two sites, as each receiving half takes them: copied both ways once, streamed (the worker's
memory stays flat for a 20 MB file), skipped with a history note above the limit or of a type not taken, deletions
carried where the half says so, a lost upload answer recognised, and pasted images shown as links to the copies.

Left (LFT) and right (RGT) run Basic, which sends attachments both ways. Right takes files up to 25 MB of any type
and carries deletions; left keeps its copies when right deletes an original.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass

import pytest

from tests.jirasim import SimSite
from tests.support import scenarios
from tests.support.settings_client import Admin
from tests.support.settle import failed_events, settle, write_counts

UPLOAD = r"/attachments$"


@dataclass
class Pair:
    left: SimSite
    right: SimSite
    left_admin: Admin
    right_admin: Admin
    connection_id: int
    database: object

    @property
    def sites(self):
        return [self.left, self.right]

    def history(self) -> list[dict]:
        path = f"/api/connections/{self.connection_id}/history?limit=200"
        return self.left_admin.call("GET", path, expect=200).json()["history"]


def take_attachments(admin: Admin, connection_id: int, rules: dict) -> None:
    path = f"/api/connections/{connection_id}/half"
    draft = admin.call("GET", path, expect=200).json()["draft"]
    draft["incoming"]["attachments"] = rules
    admin.call("PUT", path, json=draft, expect=200)


@pytest.fixture
def pair(stack, make_site, database):
    left, right = make_site("left"), make_site("right")
    scenarios.install(stack.base_url, left, right)
    requester, redeemer, connection_id = scenarios.connect(stack.base_url, left, left.add_project("LFT", "Left"),
                                                           right, right.add_project("RGT", "Right"), "basic")
    take_attachments(redeemer, connection_id, {"max_size_mb": 25, "carry_deletions": True})
    take_attachments(requester, connection_id, {"carry_deletions": False})
    requester.publish_and_start(connection_id, redeemer)
    return Pair(left, right, requester, redeemer, connection_id, database)


def twin_key(pair: Pair) -> str:
    """The twin of the only issue, once it is made."""
    settle_quietly(pair)
    [twin] = pair.right.issues("RGT")
    return twin["key"]


def settle_quietly(pair: Pair) -> tuple[int, ...]:
    """Write counts once settled, asserted unchanged by a second settle: nothing echoes back and forth."""
    settle(pair.database, pair.sites)
    counts = write_counts(pair.sites)
    settle(pair.database, pair.sites, quiet=1.5)
    assert write_counts(pair.sites) == counts
    assert [(event.event_type, event.last_error) for event in failed_events(pair.database, pair.sites)] == []
    return counts


def files(site: SimSite, key: str) -> list[tuple[str, bytes]]:
    return [(attachment["filename"], site.attachment_content(attachment["id"])) for attachment in site.attachments(key)]


def uploads(site: SimSite) -> list:
    return [call for call in site.writes() if call.path.endswith("/attachments")]


def test_files_are_copied_both_ways_once_and_deletions_follow_each_half(pair):
    original = pair.left.create_issue("LFT", "Task", "Printer")
    twin = twin_key(pair)
    notes = pair.left.attach_file(original["key"], "notes.txt", b"paper jam twice", mime_type="text/plain")
    shot = pair.right.attach_file(twin, "shot.png", b"\x89PNG fake image", mime_type="image/png")
    settle_quietly(pair)

    both = [("notes.txt", b"paper jam twice"), ("shot.png", b"\x89PNG fake image")]
    assert sorted(files(pair.right, twin)) == sorted(files(pair.left, original["key"])) == both
    assert len(uploads(pair.left)) == len(uploads(pair.right)) == 1  # no echo, no duplicate
    [left_copy] = [a for a in pair.left.attachments(original["key"]) if a["filename"] == "shot.png"]
    assert left_copy["author"]["accountId"] == pair.left.app_user.account_id

    pair.left.update_issue(original["key"], summary="Printer, renamed")  # a later change copies nothing again
    settle_quietly(pair)
    assert len(uploads(pair.left)) == len(uploads(pair.right)) == 1

    pair.left.delete_attachment(notes["id"])  # right carries deletions: its copy goes
    pair.right.delete_attachment(shot["id"])  # left keeps its copies
    settle_quietly(pair)
    assert files(pair.right, twin) == []
    assert files(pair.left, original["key"]) == [("shot.png", b"\x89PNG fake image")]
    details = [(entry["action"], entry["detail"]) for entry in pair.history()]
    assert ("deleted_attachment", "notes.txt") in details
    assert ("skipped", "attachment shot.png was deleted; side A keeps its copy") in details


def test_files_above_the_limit_or_of_a_type_not_taken_are_skipped_with_a_note(pair):
    take_attachments(pair.right_admin, pair.connection_id, {"max_size_mb": 1, "file_types": ["pdf", "image/*"]})
    pair.right_admin.call("POST", f"/api/connections/{pair.connection_id}/half/publish", expect=200)
    original = pair.left.create_issue("LFT", "Task", "Manuals")
    twin = twin_key(pair)
    pair.left.attach_file(original["key"], "manual.pdf", b"%PDF" + b"x" * (1024 * 1024 + 1))
    pair.left.attach_file(original["key"], "setup.exe", b"MZ")
    pair.left.attach_file(original["key"], "front.jpg", b"\xff\xd8\xff", mime_type="image/jpeg")
    settle_quietly(pair)

    assert [name for name, _ in files(pair.right, twin)] == ["front.jpg"]
    skipped = [entry["detail"] for entry in pair.history() if entry["action"] == "skipped"]
    assert skipped == [
        f"attachment setup.exe is not of the types taken (pdf, image/*): not copied to {twin}",
        f"attachment manual.pdf (1.0 MB) is larger than the limit of 1 MB: not copied to {twin}",
    ]
    pair.left.update_issue(original["key"], summary="Manuals, renamed")  # told once, not at every change
    settle_quietly(pair)
    assert len([entry for entry in pair.history() if entry["action"] == "skipped"]) == 2


def test_the_other_sites_own_limit_skips_with_its_message(pair):
    pair.right.set_attachment_limit(100)
    original = pair.left.create_issue("LFT", "Task", "Logs")
    twin = twin_key(pair)
    pair.left.attach_file(original["key"], "big.log", b"x" * 101)
    settle_quietly(pair)
    assert files(pair.right, twin) == []
    [note] = [entry["detail"] for entry in pair.history() if entry["action"] == "skipped"]
    assert note.startswith(f"attachment big.log not copied: {pair.right.base_url} refuses files this large (413")


def test_a_lost_upload_answer_makes_no_second_copy(pair):
    original = pair.left.create_issue("LFT", "Task", "Lost answer")
    twin = twin_key(pair)
    pair.right.faults.force(504, method="POST", path=UPLOAD, take_effect=True)
    pair.left.attach_file(original["key"], "trace.txt", b"stack trace")
    settle_quietly(pair)
    pair.right.update_issue(twin, summary="Lost answer, renamed on the right")  # the other direction runs too
    settle_quietly(pair)

    assert files(pair.right, twin) == [("trace.txt", b"stack trace")]
    assert files(pair.left, original["key"]) == [("trace.txt", b"stack trace")]
    assert len(uploads(pair.right)) == 1 and uploads(pair.left) == []
    assert any(entry["detail"] == "attachment trace.txt, copied by an attempt whose answer was lost"
               for entry in pair.history())


def test_a_pasted_image_becomes_a_link_to_its_copy(pair):
    original = pair.left.create_issue("LFT", "Task", "Screenshot")
    twin = twin_key(pair)
    shot = pair.left.attach_file(original["key"], "error.png", b"\x89PNG error", mime_type="image/png")
    image = pair.left.media_node(shot["id"])
    pair.left.update_issue(original["key"], description={"type": "doc", "version": 1, "content": [
        {"type": "paragraph", "content": [{"type": "text", "text": "It fails like this:"}]}, image]})
    pair.left.add_comment(original["key"], {"type": "doc", "version": 1, "content": [image]})
    settle_quietly(pair)

    [copy] = pair.right.attachments(twin)
    link = f"{pair.right.base_url}/secure/attachment/{copy['id']}/error.png"
    shown = pair.right.issue(twin)["fields"]["description"]["content"][1]["content"][0]
    assert shown == {"type": "text", "text": "📎 error.png", "marks": [{"type": "link", "attrs": {"href": link}}]}
    [comment] = pair.right.comments(twin)
    assert comment["body"]["content"][-1]["content"][0]["marks"][0]["attrs"]["href"] == link
    assert pair.right.broken_media(twin) == []
    assert len(uploads(pair.right)) == 1 and uploads(pair.left) == []


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


class RssSampler:
    """The process's resident memory, sampled every few milliseconds while it runs."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self.peak = rss_bytes(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes(self.pid))
            time.sleep(0.005)


def test_a_20_mb_file_is_streamed_with_the_workers_memory_flat(pair, stack):
    original = pair.left.create_issue("LFT", "Task", "Core dump")
    twin = twin_key(pair)
    pair.left.attach_file(original["key"], "warm-up.bin", os.urandom(512 * 1024))  # the copy's code paths loaded
    settle_quietly(pair)
    content = os.urandom(20 * 1024 * 1024)
    worker = stack.worker.process.pid
    before = rss_bytes(worker)
    with RssSampler(worker) as sampler:
        pair.left.attach_file(original["key"], "core.dump", content)
        settle_quietly(pair)

    [(_, copied)] = [(name, data) for name, data in files(pair.right, twin) if name == "core.dump"]
    assert hashlib.sha256(copied).digest() == hashlib.sha256(content).digest()
    growth = sampler.peak - before
    print(f"worker RSS {before / 2**20:.1f} MB before, peak {sampler.peak / 2**20:.1f} MB: "
          f"growth {growth / 2**20:.1f} MB for a 20 MB file")
    assert growth < 6 * 1024 * 1024
