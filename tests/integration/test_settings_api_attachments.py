"""The half's attachments (incoming.attachments): size limit, file types and deletions, checked when saved."""
from __future__ import annotations

from tests.integration.test_settings_api import refused
from tests.integration.test_settings_api_halves import connected, half_path, put_draft  # noqa: F401  (fixture)


def test_wrong_limits_and_file_types_are_refused_by_path(connected):  # noqa: F811
    connection_id, _, sam = connected
    negative = put_draft(sam, connection_id, lambda d: d["incoming"].update(attachments={"max_size_mb": 0}))
    huge = put_draft(sam, connection_id, lambda d: d["incoming"].update(attachments={"max_size_mb": 4096}))
    typed = put_draft(sam, connection_id, lambda d: d["incoming"].update(attachments={
        "file_types": ["pdf", "image/*", "*.exe", "not a type"]}))
    wrong_switch = put_draft(sam, connection_id, lambda d: d["incoming"].update(attachments={
        "carry_deletions": "sometimes"}))

    assert list(refused(negative, 422)["errors"]) == ["incoming.attachments.max_size_mb"]
    assert list(refused(huge, 422)["errors"]) == ["incoming.attachments.max_size_mb"]
    assert refused(typed, 422, "'*.exe'", "'not a type'")["errors"] == {"incoming.attachments.file_types": [
        "not an extension (like pdf) or a MIME type (like image/png or image/*): '*.exe', 'not a type'"]}
    assert list(refused(wrong_switch, 422)["errors"]) == ["incoming.attachments.carry_deletions"]


def test_attachment_rules_are_saved_and_published_with_their_defaults(connected):  # noqa: F811
    connection_id, _, sam = connected
    saved = put_draft(sam, connection_id, lambda d: d["incoming"].update(attachments={
        "max_size_mb": 10, "file_types": [".PDF", "image/png"]}))
    published = sam.call("POST", half_path(connection_id, "publish"), expect=200).json()

    assert saved.status_code == 200, saved.text
    assert published["published"]["incoming"]["attachments"] == {
        "enabled": True, "max_size_mb": 10, "file_types": [".PDF", "image/png"], "carry_deletions": False}
