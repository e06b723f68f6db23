"""Killed builds, short form of tests/support/kills.py: kill -9 of kb index and kb add at random moments
leaves the last good index readable and whole, and the next run recovers with no manual step."""
from tests.support.kills import run_kills


def test_three_random_kills(capsys):
    r = run_kills(kills=3, bulk=30, seed=9)
    with capsys.disabled():
        print("\nkills: " + "; ".join(f"kb {k.command} at {k.after:.2f}s while {k.phase}" for k in r.kills))
    assert len(r.kills) == 3
    assert [k.problems for k in r.kills] == [[], [], []]
