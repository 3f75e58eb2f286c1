"""Forge door: a Forge app whose remote backend is Tandem (Forge Remote).

``jwks`` (Forge's signing keys), ``invocation`` (checking the Forge Invocation Token), ``app_tokens`` (the app
system tokens Jira is called with), ``installations`` (a site's Forge installation on its tenant) and ``events``
(Forge product events in the inbox's vocabulary). docs/forge.md lists the routes.
"""
