"""Every JSON route is described in the OpenAPI document, and every setting is documented."""
import re
from pathlib import Path

from web import create_app
from web.settings import SETTINGS, defaults


def test_every_json_route_is_in_openapi():
    app = create_app({"TESTING": True})
    spec = app.test_client().get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    described = set(spec["paths"])
    for rule in app.url_map.iter_rules():
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        if path.startswith("/api/") or path.endswith((".json", ".csv")):
            assert path in described, path
            methods = {m.lower() for m in rule.methods} - {"head", "options"}
            assert methods <= set(spec["paths"][path]), path


def test_every_setting_is_documented():
    readme = (Path(__file__).resolve().parent.parent / "docs" / "operations.md").read_text(encoding="utf-8")
    for name, _default, _help in SETTINGS:
        assert f"KB_{name}" in readme, name


def test_instance_file_then_environment(tmp_path):
    f = tmp_path / "settings.toml"
    f.write_text("page_size = 20\nmax_query_chars = 500\n", encoding="utf-8")
    got = defaults({"KB_SETTINGS_FILE": str(f), "KB_PAGE_SIZE": "30"})
    assert got["MAX_QUERY_CHARS"] == 500 and got["PAGE_SIZE"] == 30
