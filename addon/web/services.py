"""The process runtime, as seen from a request."""
from flask import current_app

from addon.runtime import Runtime


def services() -> Runtime:
    return current_app.extensions["tandem"]
