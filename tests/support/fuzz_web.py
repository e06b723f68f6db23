"""Fuzz the web: every route, random and mutated path parts, parameters and bodies, through the
Flask test client. Anything the user sends may be refused (4xx) but must never be a 500."""
from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import quote

from tests.support.fuzz_inputs import mutate, random_text, real_texts
from web import create_app

GOOD = {"q": ["Hà Nam", "nghi quyet 52", "NQ 52", '"hòa bình"', "a OR b", "-Đảng"],
        "text": ["Theo Nghị quyết số 52-NQ/TW ngày 27/9/2019", "Chỉ thị 05-CT/TW ngày 15/5/2016"],
        "year": ["2020", "1945", "0", "-1", "99999999999999999999"], "month": ["2020-09", "9", "2020-13"],
        "on": ["09-27", "27/9", "30/2"], "from": ["27/9/2019", "2011", "tháng 8/1945"],
        "to": ["2020", "31/12/2020"], "date_from": ["2019-09-27", "27/9/2019"], "date_to": ["2020"],
        "year_from": ["2015"], "year_to": ["2020"], "kind": ["document", "event", "x"],
        "type": ["NQ", "CT"], "issuer": ["TW", "TU"], "term": ["XII"], "sort": ["date", "date_asc", "x"],
        "page": ["1", "2", "0", "10001"], "limit": ["1", "100", "101", "abc"], "by": ["given", "family", "x"]}
IDS = {"doc_id": ["nq-52-tw-2019", "000_facbec4f888b1542"], "event_id": ["dai-hoi-xiii-2021"],
       "person_id": ["nguyen-huu-tien"]}


def _enc(value: str) -> str:
    """Percent-encode like a browser would, lone surrogates as the invalid bytes they would be."""
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


def _value(rnd: random.Random, name: str, texts: list[str]) -> str:
    r = rnd.random()
    if r < 0.35 and name in GOOD:
        return rnd.choice(GOOD[name])
    if r < 0.6:
        return mutate(rnd, texts, max_len=150)
    if r < 0.9:
        return random_text(rnd, 60)
    return rnd.choice(["", " ", "\x00", "%", "<script>x</script>", "9" * 400, "đ" * 1200])


def _request(rnd: random.Random, rules: list, texts: list[str]) -> tuple[str, str, dict]:
    """(method, path with query string, body arguments) for one random request."""
    rule = rnd.choice(rules)
    path = rule.rule
    for arg in rule.arguments:
        value = rnd.choice(IDS.get(arg, ["x"])) if rnd.random() < 0.4 else _value(rnd, arg, texts)
        path = path.replace(f"<{arg}>", _enc(value) or "x")
    names = list(GOOD) + ["", "q[]", random_text(rnd, 8)]
    params = [(rnd.choice(names), None) for _ in range(rnd.randint(0, 5))]
    query = "&".join(_enc(k) + "=" + _enc(_value(rnd, k, texts)) for k, _ in params)
    if rnd.random() < 0.05:
        query += "&q=%ff%fe%c3%28%e2%82&x=%zz&&=="
    method = "POST" if "POST" in rule.methods and rnd.random() < 0.5 else "GET"
    body: dict = {}
    if method == "POST":
        choice = rnd.randrange(4)
        text = _value(rnd, "text", texts)
        if choice == 0:
            body = {"data": "text=" + _enc(text), "content_type": "application/x-www-form-urlencoded"}
        elif choice == 1:  # json.dumps escapes a lone surrogate as \udXXX, which JSON allows
            body = {"data": json.dumps({"text": text}), "content_type": "application/json"}
        elif choice == 2:
            body = {"data": rnd.choice(["[]", "5", '"x"', "{", '{"text": 5}', "null"]),
                    "content_type": "application/json"}
        else:
            body = {"data": text.encode("utf-8", "surrogatepass"), "content_type": "text/plain"}
    return method, path + ("?" + query if query else ""), body


def web_app(index: Path, corpus: Path):
    """The app under test, its routes (static files aside) and a client."""
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(corpus)})
    app.logger.disabled = True  # a 500 is counted by the caller; its traceback would only flood the output
    rules = [r for r in app.url_map.iter_rules() if not r.rule.startswith("/static")]
    return app, rules, app.test_client()


def send(client, method: str, path: str, body: dict) -> str | None:
    """What went wrong with one request (a 5xx or an exception), or None."""
    try:
        status = client.open(path, method=method, **body).status_code
    except Exception as exc:  # noqa: BLE001 — a request the app could not answer at all
        return f"{type(exc).__name__}: {exc}"
    return f"HTTP {status}" if status >= 500 else None


def run_web(n: int, seed: int, index: Path, corpus: Path, rules: list | None = None) -> tuple[int, list[tuple[str, str]]]:
    """Send ``n`` random requests (to ``rules``, default every route); returns (sent, [(request, problem)])."""
    _app, all_rules, client = web_app(index, corpus)
    rnd = random.Random(seed)
    texts = real_texts()
    crashes = []
    for _ in range(n):
        method, path, body = _request(rnd, rules or all_rules, texts)
        problem = send(client, method, path, body)
        if problem:
            crashes.append((f"{method} {path}", problem))
    return n, crashes
