"""forgesim: a stateful fake of Atlassian's Forge platform, for a Forge app whose backend is Tandem (Forge Remote).

It is an independent fake: it must never import the ``addon`` package. It fronts jirasim's simulated sites.

- ``platform.ForgePlatform``: JWKS and API gateway on 127.0.0.1, app tokens, delivery, for one app whose
  ``manifest`` (``manifest.Manifest``) says where each trigger goes; ``install(site, remote)`` gives a
  ``ForgeInstallation`` (lifecycle, scheduled trigger, product events, ``invoke_remote`` for the UI).
- ``keys`` (signing keys, rotation, JWKS), ``tokens`` (FIT claims, app system tokens), ``events`` (Jira changes
  as Forge events), ``delivery`` (POSTs with a FIT, 4 retries), ``gateway`` (``/ex/jira/<cloudId>/...``).
"""
from .manifest import Manifest
from .platform import ForgeInstallation, ForgePlatform

__all__ = ["ForgeInstallation", "ForgePlatform", "Manifest"]
