"""The memory of recently verified sites: it expires, forgets on demand and stays bounded."""
from addon.connect import recent_sites
from addon.connect.inbound import KnownSite
from addon.connect.recent_sites import RecentSites


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def site(client_key: str = "key", app_account_id: str | None = "557058:tandem") -> KnownSite:
    return KnownSite(1, client_key, "https://x.atlassian.net", "secret", "sealed", app_account_id)


def test_a_site_is_remembered_until_it_expires():
    clock = Clock()
    recent = RecentSites(60, 5, clock)
    recent.remember(site())
    clock.now += 59.9
    assert recent.get("key") == site()
    clock.now += 0.1
    assert recent.get("key") is None


def test_a_site_whose_own_user_is_not_known_yet_is_read_again_sooner():
    clock = Clock()
    recent = RecentSites(60, 5, clock)
    recent.remember(site(app_account_id=None))
    clock.now += 4.9
    assert recent.get("key") == site(app_account_id=None)
    clock.now += 0.1
    assert recent.get("key") is None


def test_a_forgotten_site_is_gone():
    recent = RecentSites(60, 5)
    recent.remember(site())
    recent.forget("key")
    recent.forget("never-seen")
    assert recent.get("key") is None


def test_the_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(recent_sites, "CAPACITY", 3)
    recent = RecentSites(60, 5)
    for n in range(4):
        recent.remember(site(f"key-{n}"))
    assert [recent.get(f"key-{n}") is not None for n in range(4)] == [False, False, False, True]
