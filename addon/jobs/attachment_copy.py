"""Copying the attachments of a linked issue across one route, as streams, each exactly once.

What to take is decided in ``addon.sync.attachments``; here the files are read from the source's ``attachment``
field, downloaded into a temporary file chunk by chunk and uploaded from it chunk by chunk, so a worker's memory
does not grow with the size of a file. Each file gets an attachment link (``addon.db.attachment_link``), written
*before* the upload: if the upload's answer is lost, the next attempt finds Tandem's file of that name and size
on the twin, unclaimed, and links it instead of uploading a second copy; meanwhile the opposite direction leaves
that file alone. Both directions of a pair work under the pair's lease, so neither copies back what the other
just copied; a file that reaches a site by a second path (a triangle of connections) is linked to the copy the
first made, found by its root (addon.jobs.attachment_roots). Deletions are carried when the receiving half says so.
"""
from __future__ import annotations

import tempfile
from functools import cached_property
from urllib.parse import quote

from sqlalchemy import select

from addon.connectors.jira import JiraError
from addon.connectors.jira.multipart import MultipartUpload
from addon.db import history
from addon.db.attachment_link import COPIED, DELETED, SKIPPED, UPLOADING, AttachmentLink
from addon.jobs import roots
from addon.jobs.attachment_roots import file_holding, file_root
from addon.sync.attachments import CopiedFile, SourceFile, attachment_rules, refusal, source_files

ATTACHMENT_FIELD = "attachment"


class AttachmentCopies:
    """The attachments of one event's issue on one route; ``sync`` is its ``EventSync``."""

    def __init__(self, sync):
        self.sync = sync
        self.route = sync.route

    @cached_property
    def rules(self) -> dict:
        return attachment_rules(self.route.incoming)

    @property
    def sent(self) -> bool:
        return bool(self.route.outgoing.get("attachments")) and self.rules["enabled"]

    def copies(self, link) -> dict[str, CopiedFile]:
        """What each file of the pair is on the receiving side, by file name: for images in rich text."""
        if link is None:
            return {}
        return {row.filename: CopiedFile(row.filename, self._shown_at(row)) for row in self._rows(link)}

    def carry(self, link, issue: dict) -> bool:
        """Copies the issue's new files and carries deletions; whether a file was copied."""
        if not self.sent or link is None or link.unlinked_side:
            return False
        sync, files = self.sync, source_files(issue)
        if not self._anything_to_do(files, self._rows(link)):
            return False  # the usual event: no lease taken, nothing written
        sync.session.commit()  # SQLite's write lock must not be ours while we wait for the pair's lease
        pair_site = min(self.route.source.id, self.route.target.id)
        with roots.copying(sync.rt.db, pair_site, f"attachments of pair {link.id}", sync.rt.settings.lease_seconds):
            rows = self._rows(link)
            copied = [self._copy(link, file, rows) for file in self._new(files, rows)]
            present = {file.id for file in files}
            if self._seem_deleted(present, rows):
                present = self._present_now(issue)
            self._carry_deletions(link, present, rows)
            sync.session.commit()
        return any(copied)

    def _anything_to_do(self, files: list[SourceFile], rows: list[AttachmentLink]) -> bool:
        return bool(self._new(files, rows)) or self._seem_deleted({file.id for file in files}, rows)

    def _seem_deleted(self, present: set[str], rows: list[AttachmentLink]) -> bool:
        return any(row.state == COPIED and row.attachment_id(self.route.side) not in present for row in rows)

    def _present_now(self, issue: dict) -> set[str]:
        """The source's files as they are now. The list read before the lease may predate a copy the other
        direction made meanwhile, which must not be taken for a deleted file; read under the lease, it cannot."""
        self.sync.journal.attempt(f"read the attachments of {self.sync.source_label}", self.route.source)
        return {file.id for file in source_files(self.sync.source_api.get_issue(issue["id"], [ATTACHMENT_FIELD]))}

    # -- what is new -------------------------------------------------------------------------
    def _rows(self, link) -> list[AttachmentLink]:
        return list(self.sync.session.scalars(select(AttachmentLink).where(AttachmentLink.issue_link_id == link.id)))

    def _new(self, files: list[SourceFile], rows: list[AttachmentLink]) -> list[SourceFile]:
        """Files without a link, or whose upload may have been lost; not the copies the other direction is
        still uploading."""
        side = self.route.side
        done = {row.attachment_id(side) for row in rows if not (row.side == side and row.state == UPLOADING)}
        arriving = {(row.filename, row.size) for row in rows if row.side != side and row.state == UPLOADING}
        return [file for file in files if file.id not in done and (file.filename, file.size) not in arriving]

    # -- copying -----------------------------------------------------------------------------
    def _copy(self, link, file: SourceFile, rows: list[AttachmentLink]) -> bool:
        sync = self.sync
        row = next((row for row in rows if row.side == self.route.side and row.source_attachment_id == file.id), None)
        if row is not None:  # an earlier upload whose answer may have been lost
            if self._found_lost_copy(link, row, rows):
                return True
            sync.session.commit()  # before the upload: if its answer is lost, the next attempt looks for the file
            return self._upload(link, file, row)
        reason = refusal(file, self.rules)
        if reason is not None:
            rows.append(self._add_row(link, file, SKIPPED))
            sync.journal.skipped_once(f"{reason}: not copied to {link.issue_key(self.route.other)}")
            return False
        root = file_root(sync.session, self.route.source, file.id)
        sync.session.commit()  # the look below starts afresh: it sees what another connection committed meanwhile
        with roots.copying(sync.rt.db, self.route.target.id, f"attachment {root}", sync.rt.settings.lease_seconds):
            held = file_holding(sync.session, root, self.route.target.id, link.issue_id(self.route.other))
            if held is not None:
                rows.append(self._add_row(link, file, COPIED, root, held))
                sync.journal.applied(history.LINKED_TWIN, link.issue_key(self.route.other),
                                     f"attachment {file.filename}, a copy of the same original through another "
                                     "connection")
                sync.session.commit()
                return False
            row = self._add_row(link, file, UPLOADING, root)
            rows.append(row)
            sync.session.commit()  # before the upload: if its answer is lost, the next attempt looks for the file
            made = self._upload(link, file, row)
            sync.session.commit()  # under the root's lease: the next connection copying it here sees this copy
            return made

    def _add_row(self, link, file: SourceFile, state: str, root: str | None = None,
                 copy_id: str | None = None) -> AttachmentLink:
        row = AttachmentLink(issue_link_id=link.id, side=self.route.side, source_attachment_id=file.id,
                             copy_attachment_id=copy_id, filename=file.filename[:255], size=file.size, state=state,
                             root=root)
        self.sync.session.add(row)
        self.sync.session.flush()
        return row

    def _upload(self, link, file: SourceFile, row: AttachmentLink) -> bool:
        sync, twin_key = self.sync, link.issue_key(self.route.other)
        with tempfile.TemporaryFile(prefix="tandem-attachment-") as spool:
            sync.journal.attempt(f"download attachment {file.filename} of {sync.source_label}", self.route.source)
            try:
                size = sync.source_api.download_attachment(file.id, spool)
            except JiraError as error:
                if error.verdict.status != 404:
                    raise
                sync.session.delete(row)  # deleted since it was listed: nothing to copy
                return False
            sync.journal.attempt(f"add attachment {file.filename} to {twin_key}", self.route.target)
            try:
                made = sync.target_api.upload_attachment(link.issue_id(self.route.other),
                                                         MultipartUpload(spool, size, file.filename, file.mime_type))
            except JiraError as error:
                if error.verdict.status != 413:
                    raise
                row.state = SKIPPED
                sync.journal.skipped_once(f"attachment {file.filename} not copied: {self.route.target.base_url} "
                                          f"refuses files this large ({error.verdict.message})")
                return False
        row.copy_attachment_id, row.state = str(made["id"]), COPIED
        sync.journal.applied(history.ADDED_ATTACHMENT, twin_key, f"{file.filename} ({_size(size)})")
        return True

    def _found_lost_copy(self, link, row: AttachmentLink, rows: list[AttachmentLink]) -> bool:
        """An earlier upload whose answer was lost: Tandem's file of the same name and size on the twin, which no
        link claims, is that upload's copy."""
        sync, twin_key = self.sync, link.issue_key(self.route.other)
        sync.journal.attempt(f"look for a copy of attachment {row.filename} on {twin_key}", self.route.target)
        twin = sync.target_api.get_issue(link.issue_id(self.route.other), [ATTACHMENT_FIELD])
        claimed = {other.attachment_id(self.route.other) for other in rows}
        ours = self._tandem_account()
        for candidate in source_files(twin):
            if candidate.author_id == ours and (candidate.filename, candidate.size) == (row.filename, row.size) \
                    and candidate.id not in claimed:
                row.copy_attachment_id, row.state = candidate.id, COPIED
                sync.journal.applied(history.LINKED_TWIN, twin_key,
                                     f"attachment {row.filename}, copied by an attempt whose answer was lost")
                return True
        return False

    def _tandem_account(self) -> str:
        target = self.route.target
        if target.app_account_id is None:
            self.sync.journal.attempt(f"read Tandem's own user on {target.base_url}", target)
            return self.sync.target_api.myself()["accountId"]
        return target.app_account_id

    # -- deletions ---------------------------------------------------------------------------
    def _carry_deletions(self, link, present: set[str], rows: list[AttachmentLink]) -> None:
        for row in rows:
            if row.state != COPIED or row.attachment_id(self.route.side) in present:
                continue
            row.state = DELETED
            if not self.rules["carry_deletions"]:
                self.sync.journal.skipped_once(
                    f"attachment {row.filename} was deleted; side {self.route.other.upper()} keeps its copy")
                continue
            self._delete_twin_file(link, row)

    def _delete_twin_file(self, link, row: AttachmentLink) -> None:
        twin_key = link.issue_key(self.route.other)
        self.sync.journal.attempt(f"delete attachment {row.filename} of {twin_key}", self.route.target)
        try:
            self.sync.target_api.delete_attachment(row.attachment_id(self.route.other))
        except JiraError as error:
            if error.verdict.status != 404:  # gone already, as wanted
                raise
        self.sync.journal.applied(history.DELETED_ATTACHMENT, twin_key, row.filename)

    def _shown_at(self, row: AttachmentLink) -> str | None:
        """Where a browser shows the file on the receiving site; None for a file not copied there."""
        there = row.attachment_id(self.route.other)
        if row.state != COPIED or there is None:
            return None
        return f"{self.route.target.base_url}/secure/attachment/{there}/{quote(row.filename)}"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"
