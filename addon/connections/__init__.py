"""The settings service: connections, invitations and halves as project admins manage them.

It works with SQLAlchemy sessions and the Jira connectors and knows nothing of Flask: the web
layer turns a request into an ``Actor`` and calls these functions; ``ServiceError``s carry the
outcome a caller should see.
"""
