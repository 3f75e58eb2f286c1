"""The Atlassian Document Format: making simple documents, reading their text, checking them.

Documents the app writes are checked against Atlassian's published ADF schema (``adf-schema-full.json``).
"""
import functools

import jsonschema

from .contract_files import ADF_SCHEMA, load_json_contract


def text_document(text: str) -> dict:
    """A one-paragraph ADF document, as the Jira editor makes from plain typing."""
    content = [{"type": "text", "text": text}] if text else []
    return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": content}]}


def mention_document(before: str, account_id: str, name: str, after: str = "") -> dict:
    """One paragraph mentioning someone, as the editor makes when one types @ and picks them."""
    content = [{"type": "text", "text": before}] if before else []
    content.append({"type": "mention", "attrs": {"id": account_id, "text": f"@{name}", "accessLevel": ""}})
    if after:
        content.append({"type": "text", "text": after})
    return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": content}]}


def plain_text_document(text: str) -> dict:
    """How Jira stores a plain-text body (e.g. from the servicedeskapi): a paragraph per blank-line
    separated block, line breaks within a block as hard breaks."""
    paragraphs = []
    for block in text.split("\n\n"):
        content = []
        for number, line in enumerate(block.split("\n")):
            if number:
                content.append({"type": "hardBreak"})
            if line:
                content.append({"type": "text", "text": line})
        paragraphs.append({"type": "paragraph", "content": content})
    return {"type": "doc", "version": 1, "content": paragraphs}


def plain_text(node: dict | None) -> str:
    """The text of a document, paragraphs on their own lines (Jira shows this in changelogs)."""
    if node is None:
        return ""
    if node.get("type") == "text":
        return node.get("text", "")
    if node.get("type") == "hardBreak":
        return "\n"
    if node.get("type") == "mention":
        return (node.get("attrs") or {}).get("text", "")
    children = [plain_text(child) for child in node.get("content", [])]
    separator = "\n" if node.get("type") == "doc" else ""
    return separator.join(children)


@functools.cache
def _validator(definition: str = "doc_node") -> jsonschema.Draft4Validator:
    """A validator of one of the schema's definitions (a node or mark type); the document by default."""
    definitions = load_json_contract(ADF_SCHEMA)["definitions"]
    return jsonschema.Draft4Validator({"$ref": f"#/definitions/{definition}", "definitions": definitions})


def schema_problem(document) -> str | None:
    """Why ``document`` is not valid ADF, in one line; None if it is."""
    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    if error is None:
        return None
    if not error.context:
        return f"{_pointer(error.absolute_path)}: {error.message}"
    # A node that matches none of the node types allowed at its place: the schema's explanation
    # lists every alternative, so name the deepest offending node and check it against its own type.
    deepest = max(_leaves(error.context), key=lambda leaf: len(leaf.absolute_path))
    path = list(deepest.absolute_path)
    while path and isinstance(path[-1], str):  # from an attribute of the node to the node
        path.pop()
    return f"{_pointer(path)}: {_node_problem(document, path)}"


def _node_problem(document, path: list) -> str:
    node = document
    for step in path:
        node = node[step]
    kind = "mark" if len(path) >= 2 and path[-2] == "marks" else "node"
    type_name = node.get("type") if isinstance(node, dict) else None
    if f"{type_name}_{kind}" not in load_json_contract(ADF_SCHEMA)["definitions"]:
        return f"no ADF {kind} has the type {type_name!r}"
    problem = jsonschema.exceptions.best_match(_validator(f"{type_name}_{kind}").iter_errors(node))
    if problem is None:
        return f"a {type_name!r} {kind} is not allowed here"
    return f"{problem.message} (in a {type_name!r} {kind})"


def _leaves(errors):
    for error in errors:
        if error.context:
            yield from _leaves(error.context)
        else:
            yield error


def _pointer(path) -> str:
    return "/" + "/".join(str(step) for step in path)
