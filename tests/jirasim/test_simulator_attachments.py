"""Attachments as Jira Cloud serves them: multipart upload behind the XSRF header, the issue's attachment field,
metadata, content through a redirect to a media URL (or at once), deletion, the site's upload limit, and the
webhooks each change fires."""
import requests

from .app_client import call_as_app

ISSUE = "/rest/api/3/issue"
NO_CHECK = {"X-Atlassian-Token": "no-check"}


def upload(site, issue, files, headers=NO_CHECK):
    return call_as_app(site, "POST", f"{ISSUE}/{issue}/attachments", files=files, headers=headers)


def test_an_upload_needs_the_xsrf_header(installed_site):
    installed_site.create_issue("ALPHA", "Task", "Files")
    refused = upload(installed_site, "ALPHA-1", {"file": ("a.txt", b"hello")}, headers={})
    assert refused.status_code == 403 and refused.text == "XSRF check failed"
    assert installed_site.attachments("ALPHA-1") == []


def test_an_upload_is_shown_on_the_issue_and_fires_its_webhooks(installed_site, app):
    installed_site.create_issue("ALPHA", "Task", "Files")
    app.received.clear()
    made = upload(installed_site, "ALPHA-1", [("file", ("notes.txt", b"hello", "text/plain")),
                                               ("file", ("pixel.png", b"\x89PNG....", "image/png"))])
    assert made.status_code == 200
    first, second = made.json()
    assert (first["filename"], first["size"], first["mimeType"]) == ("notes.txt", 5, "text/plain")
    assert first["author"]["accountId"] == installed_site.app_user.account_id and "thumbnail" in second
    issue = installed_site.issue("ALPHA-1")
    assert [a["id"] for a in issue["fields"]["attachment"]] == [first["id"], second["id"]]

    installed_site.wait_for_webhooks()
    attachment_events = [call.body for call in app.calls_to("/webhooks/attachment")]
    assert [(e["webhookEvent"], e["attachment"]["filename"]) for e in attachment_events] == [
        ("attachment_created", "notes.txt"), ("attachment_created", "pixel.png")]
    assert "issue" not in attachment_events[0]  # Jira names the attachment only
    updates = [call.body for call in app.calls_to("/webhooks/jira")]
    assert [u["changelog"]["items"][0]["to"] for u in updates] == [first["id"], second["id"]]
    assert updates[0]["changelog"]["items"][0]["field"] == "Attachment"


def test_metadata_and_content_through_the_media_redirect(installed_site):
    installed_site.create_issue("ALPHA", "Task", "Files")
    attachment = installed_site.attach_file("ALPHA-1", "report.pdf", b"%PDF-1.4 body")
    meta = call_as_app(installed_site, "GET", f"/rest/api/3/attachment/{attachment['id']}")
    assert meta.status_code == 200 and meta.json()["id"] == int(attachment["id"])
    assert meta.json()["mimeType"] == "application/pdf"

    redirected = call_as_app(installed_site, "GET", f"/rest/api/3/attachment/content/{attachment['id']}",
                             allow_redirects=False)
    assert redirected.status_code == 303
    media = requests.get(redirected.headers["Location"], timeout=10)  # no JWT: the URL's token is enough
    assert media.status_code == 200 and media.content == b"%PDF-1.4 body"
    forged = requests.get(redirected.headers["Location"].replace("token=", "token=1"), timeout=10)
    assert forged.status_code == 401

    direct = call_as_app(installed_site, "GET", f"/rest/api/3/attachment/content/{attachment['id']}",
                         query="redirect=false")
    assert direct.status_code == 200 and direct.content == b"%PDF-1.4 body"
    assert direct.headers["Content-Type"].startswith("application/pdf")


def test_a_deletion_fires_its_webhooks_and_carries_the_trace(installed_site, app):
    installed_site.create_issue("ALPHA", "Task", "Files")
    attachment = installed_site.attach_file("ALPHA-1", "a.txt", b"x")
    app.received.clear()
    deleted = call_as_app(installed_site, "DELETE", f"/rest/api/3/attachment/{attachment['id']}",
                          headers={"X-Atlassian-Webhook-Trace": "tandem-test"})
    again = call_as_app(installed_site, "DELETE", f"/rest/api/3/attachment/{attachment['id']}")
    assert (deleted.status_code, again.status_code) == (204, 404)
    assert installed_site.attachments("ALPHA-1") == []
    installed_site.wait_for_webhooks()
    [event] = app.calls_to("/webhooks/attachment")
    [update] = app.calls_to("/webhooks/jira")
    assert event.body["webhookEvent"] == "attachment_deleted"
    assert update.body["changelog"]["items"][0]["from"] == attachment["id"]
    assert event.headers.get("X-Atlassian-Webhook-Trace") == update.headers.get("X-Atlassian-Webhook-Trace") \
        == "tandem-test"


def test_the_site_limit_refuses_a_larger_file(installed_site):
    installed_site.create_issue("ALPHA", "Task", "Files")
    installed_site.set_attachment_limit(10)
    meta = call_as_app(installed_site, "GET", "/rest/api/3/attachment/meta")
    too_big = upload(installed_site, "ALPHA-1", {"file": ("big.bin", b"x" * 11)})
    fits = upload(installed_site, "ALPHA-1", {"file": ("small.bin", b"x" * 10)})
    assert meta.json() == {"enabled": True, "uploadLimit": 10}
    assert too_big.status_code == 413 and "10 bytes" in too_big.json()["errorMessages"][0]
    assert fits.status_code == 200
    assert [a["filename"] for a in installed_site.attachments("ALPHA-1")] == ["small.bin"]


def test_an_upload_in_a_wrong_part_breaks_the_contract(site_expecting_violations, app):
    site = site_expecting_violations
    site.install(app.descriptor_url)
    site.add_project("ALPHA", "Alpha")
    site.create_issue("ALPHA", "Task", "Files")
    refused = upload(site, "ALPHA-1", {"document": ("a.txt", b"x")})
    assert refused.status_code == 400
    assert any("'document'" in violation for violation in site.contract_violations)


def test_a_pasted_image_shows_broken_where_the_issue_lacks_its_file(installed_site):
    installed_site.create_issue("ALPHA", "Task", "Screenshot")
    installed_site.create_issue("ALPHA", "Task", "Copy")
    shot = installed_site.attach_file("ALPHA-1", "shot.png", b"\x89PNG", mime_type="image/png")
    image = installed_site.media_node(shot["id"])
    described = {"type": "doc", "version": 1, "content": [image]}
    installed_site.update_issue("ALPHA-1", description=described)
    installed_site.update_issue("ALPHA-2", description=described)
    assert image["content"][0]["attrs"]["alt"] == "shot.png"
    assert installed_site.broken_media("ALPHA-1") == []
    assert installed_site.broken_media("ALPHA-2") == image["content"]
