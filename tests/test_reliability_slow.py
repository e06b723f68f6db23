"""The long reliability runs (pytest -m slow, not part of make test): 10,000 inputs per parser and
for the web, 20 random kills, and the long loads. Each prints its table."""
import pytest

pytestmark = pytest.mark.slow


def test_ten_thousand_inputs_per_parser_crash_nothing(capsys):
    from tests.support.fuzz import report, run

    outcomes = run(10_000, seed=0)
    with capsys.disabled():
        print("\n" + report(outcomes))
    assert {o.name: o.crashes[:3] for o in outcomes} == {o.name: [] for o in outcomes}


def test_twenty_random_kills(capsys):
    from tests.support.kills import run_kills

    r = run_kills(kills=20, bulk=120, seed=0)
    assert [k.problems for k in r.kills] == [[]] * 20


def test_rebuild_while_serving_long():
    from tests.support.rebuild import run_rebuild

    r = run_rebuild(seconds=60.0, clients=8, cycles=3, threads=4)
    assert r.ok, (r.failed + r.mismatched + r.stale_server + r.tracebacks)[:10]


def test_fifty_connections_for_a_minute(capsys):
    from tests.support.load import report, run_load

    r = run_load(connections=50, seconds=60.0)
    with capsys.disabled():
        print("\n" + report(r))
    assert r.ok
