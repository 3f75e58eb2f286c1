"""The long-lived objects one app process shares between requests."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from huey.api import Huey

from addon.config import Settings
from addon.connect.install_keys import InstallKeys
from addon.connect.secrets import SecretBox
from addon.db import Database


@dataclass
class Services:
    settings: Settings
    db: Database
    secrets: SecretBox
    install_keys: InstallKeys
    huey: Huey


def services() -> Services:
    return current_app.extensions["tandem"]
