"""Tandem: issue synchronization between Jira Cloud projects, as an Atlassian Connect app."""


def create_app(settings=None):
    """The application factory (gunicorn: ``addon:create_app()``)."""
    from addon.web.app import build_app

    return build_app(settings)
