"""Fuzz the web through the Flask test client: every route, random and mutated path parts,
parameters and bodies; a request may be refused (4xx), never answered 500.
The 10,000-request run is tests/support/fuzz.py (target ``web``)."""
import pytest

from tests.support.fuzz_web import run_web, web_app
from conftest import CORPUS


@pytest.fixture(scope="module")
def routes(corpus_index):
    _app, rules, client = web_app(corpus_index, CORPUS)
    return rules, client


def test_every_route_takes_random_requests_without_a_500(corpus_index, routes):
    rules, _ = routes
    problems = []
    for n, rule in enumerate(rules):
        _sent, crashes = run_web(12, n, corpus_index, CORPUS, rules=[rule])
        problems += crashes
    assert problems == []


@pytest.mark.parametrize("body", ['5', '"x"', "[]", "null", '{"text": 5}', '{"text": "\\udfff 52-NQ/TW"}', "{"])
@pytest.mark.parametrize("path", ["/api/check", "/check.json", "/check", "/api/crosscheck"])
def test_odd_json_bodies_are_answered(routes, path, body):
    _rules, client = routes
    status = client.post(path, data=body, content_type="application/json").status_code
    assert status in (200, 400)
