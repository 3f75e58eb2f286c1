"""jirasim: a stateful fake of Jira Cloud (and Atlassian's install-keys CDN) for Tandem's tests.

It is an independent fake: it must never import the ``addon`` package.

Map of the package:

- ``site.SimSite``: one site (install, lifecycle, tokens, webhooks); with ``people`` (what its people
  and admins do: projects, issues, comments) and ``state_inspection`` (what a test reads back).
- ``model`` (records), ``fields`` (field definitions), ``coercion`` (value rules), ``state`` (the
  site's data and Jira's rules), ``activity`` (changes + the webhooks they fire), ``outbox``
  (asynchronous, ordered webhook delivery), ``webhooks`` (signed delivery and retries).
- ``gateway`` (HTTP front door: contract, JWT, faults), ``rest`` (routes) and the handlers
  ``rest_meta``, ``rest_issues``, ``rest_comments``, ``rest_search`` (+ ``jql``),
  ``rest_permissions``, ``rest_servicedesk``, ``rest_workflows`` (transitions, statuses, workflows, whose rules
  are in ``workflows``); ``views``/``servicedesk_views`` shape the JSON;
  ``search_index`` makes search lag behind the issues, as Jira's does.
- ``contract``/``servicedesk_contract``/``adf``: Atlassian's contracts, checked on every request.
- ``faults``: latency, slow calls, errors, forced answers (lost after taking effect, too), downtime, a lagging
  search, lost and repeated webhooks.
"""
from .contract_files import contracts_dir, load_json_contract
from .keys import InstallKeyServer
from .site import SimSite

__all__ = ["InstallKeyServer", "SimSite", "contracts_dir", "load_json_contract"]
