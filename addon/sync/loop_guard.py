"""The loop guard: what the app itself did on a site is never synced back."""
from __future__ import annotations


def actor_of(payload: dict) -> str | None:
    """The account that made the change a webhook reports."""
    comment = payload.get("comment")
    if isinstance(comment, dict):
        author = comment.get("updateAuthor") or comment.get("author") or {}
        if author.get("accountId"):
            return author["accountId"]
    return (payload.get("user") or {}).get("accountId")


def caused_by_app(payload: dict, app_account_id: str | None) -> bool:
    return app_account_id is not None and actor_of(payload) == app_account_id
