"""How long an item waits before its next try, from the connector's verdict and the attempts so far."""
import pytest

from addon.connectors.jira import Kind
from addon.connectors.jira.verdict import Verdict
from addon.jobs.drain import backoff, seconds_to_wait

CAP = 300.0


@pytest.mark.parametrize("attempts, ceiling", [(1, 1.0), (2, 2.0), (3, 4.0), (6, 32.0), (20, CAP)])
def test_backoff_doubles_per_attempt_with_jitter_up_to_the_cap(attempts, ceiling):
    waits = [backoff(attempts, CAP) for _ in range(200)]
    assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
    assert len(set(waits)) > 100, "jitter spreads stalled issues apart"


def test_jiras_own_hint_is_followed_as_given_whatever_the_attempt():
    hinted = Verdict(Kind.RETRY_AFTER, 7.0, 429)
    assert [seconds_to_wait(hinted, attempts, CAP) for attempts in (1, 5, 30)] == [7.0, 7.0, 7.0]


def test_a_guessed_rate_limit_wait_grows_per_attempt_from_its_first_step():
    guessed = Verdict(Kind.RETRY_AFTER, 5.0, 429, guessed=True)
    assert 2.5 <= seconds_to_wait(guessed, 1, CAP) <= 5.0
    assert 20.0 <= seconds_to_wait(guessed, 4, CAP) <= 40.0
    assert CAP / 2 <= seconds_to_wait(guessed, 12, CAP) <= CAP


def test_transient_failures_back_off_from_one_second():
    assert 0.5 <= seconds_to_wait(Verdict(Kind.TRANSIENT, status=502), 1, CAP) <= 1.0
    assert 0.5 <= seconds_to_wait(None, 1, CAP) <= 1.0  # no answer at all, or the database blinked
