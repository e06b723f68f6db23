"""Load, short form of tests/support/load.py: concurrent searches, record pages and JSON calls against a
real ``kb serve`` on loopback; every request answered 200, p95 printed."""
from tests.support.load import report, run_load


def test_short_load(capsys):
    r = run_load(connections=12, seconds=6.0)
    with capsys.disabled():
        print("\n" + report(r))
    assert r.errors == [] and r.tracebacks == [] and r.restarts == 0
    assert {"search", "page", "json"} <= set(r.samples) and len(r.all) > 50
