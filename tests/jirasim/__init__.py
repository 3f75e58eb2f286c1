"""jirasim: a stateful fake of Jira Cloud (and Atlassian's install-keys CDN) for Tandem's tests.

It is an independent fake: it must never import the ``addon`` package.
"""
from .contract_files import contracts_dir, load_json_contract
from .keys import InstallKeyServer
from .site import SimSite

__all__ = ["InstallKeyServer", "SimSite", "contracts_dir", "load_json_contract"]
