"""Rebuild while serving, short form of tests/support/rebuild.py: kb index, kb add and a replacing kb add run
to completion under a stream of searches against a real ``kb serve``; every answer is from the index
as it was before or after a step, none fails, and the server follows without a restart."""
from tests.support.rebuild import run_rebuild


def test_index_and_add_while_serving(capsys):
    r = run_rebuild(seconds=5.0, clients=3, cycles=1)
    with capsys.disabled():
        print(f"\nrebuild while serving: {r.requests} requests, p95 {r.p95 * 1000:.0f} ms, steps "
              + ", ".join(f"{name} {sec:.1f}s" for name, sec in r.steps))
    assert r.failed == [] and r.tracebacks == []
    assert r.mismatched == [] and r.empty_when_both_answer == 0
    assert r.stale_server == [] and r.restarts == 0
    assert [name for name, _ in r.steps] == ["kb index", "kb add", "kb add (replacing)"] and r.requests > 30
