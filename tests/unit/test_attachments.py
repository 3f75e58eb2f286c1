"""Which files a receiving half takes, and pasted images turned into links (addon.sync.attachments)."""
from addon.sync.attachments import CopiedFile, SourceFile, attachment_rules, refusal, with_media_as_links

MB = 1024 * 1024


def file(name: str, size: int = 10, mime: str = "application/octet-stream") -> SourceFile:
    return SourceFile("1", name, size, mime, None)


def test_every_file_is_taken_by_default_and_a_half_without_rules_gets_the_defaults():
    rules = attachment_rules({})
    assert rules == {"enabled": True, "max_size_mb": None, "file_types": [], "carry_deletions": False}
    assert refusal(file("anything.bin", 3000 * MB), rules) is None


def test_the_size_limit_and_the_types_by_extension_or_mime_type():
    rules = attachment_rules({"attachments": {"max_size_mb": 2.5, "file_types": [".PDF", "image/*", "text/csv"]}})
    assert refusal(file("a.pdf", int(2.5 * MB)), rules) is None
    assert refusal(file("a.pdf", int(2.5 * MB) + 1), rules) == "attachment a.pdf (2.5 MB) is larger than the limit " \
                                                              "of 2.5 MB"
    assert refusal(file("shot", mime="image/png"), rules) is None
    assert refusal(file("data.txt", mime="text/csv"), rules) is None
    assert refusal(file("notes.txt", mime="text/plain"), rules) == \
        "attachment notes.txt is not of the types taken (.PDF, image/*, text/csv)"


def test_media_become_links_to_their_copies_or_name_a_file_not_copied():
    def media(name):
        return {"type": "media", "attrs": {"type": "file", "id": "uuid", "collection": "", "alt": name}}
    document = {"type": "doc", "version": 1, "content": [
        {"type": "mediaSingle", "attrs": {"layout": "center"}, "content": [media("a.png")]},
        {"type": "mediaGroup", "content": [media("b.png")]},
        {"type": "paragraph", "content": [{"type": "text", "text": "kept"}]}]}
    shown = with_media_as_links(document, {"a.png": CopiedFile("a.png", "https://b.example/secure/attachment/7/a.png"),
                                           "b.png": CopiedFile("b.png", None)})
    assert shown["content"] == [
        {"type": "paragraph", "content": [{"type": "text", "text": "📎 a.png", "marks": [
            {"type": "link", "attrs": {"href": "https://b.example/secure/attachment/7/a.png"}}]}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "[b.png: not copied]"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "kept"}]}]
    assert document["content"][0]["type"] == "mediaSingle"  # the original is left as it was
