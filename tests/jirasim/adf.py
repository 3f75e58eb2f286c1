"""Just enough of the Atlassian Document Format for the simulator's own needs."""


def text_document(text: str) -> dict:
    """A one-paragraph ADF document, as the Jira editor makes from plain typing."""
    content = [{"type": "text", "text": text}] if text else []
    return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": content}]}


def plain_text(node: dict | None) -> str:
    """The text of a document, paragraphs on their own lines (Jira shows this in changelogs)."""
    if node is None:
        return ""
    if node.get("type") == "text":
        return node.get("text", "")
    children = [plain_text(child) for child in node.get("content", [])]
    separator = "\n" if node.get("type") == "doc" else ""
    return separator.join(children)
