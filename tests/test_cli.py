"""The kb command end to end, in-process."""
import json

import pytest

from kbcli.main import build_parser, main


def test_every_subcommand_has_help(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        with pytest.raises(SystemExit) as exit_:
            main([name, "--help"])
        assert exit_.value.code == 0
        assert "usage:" in capsys.readouterr().out


def test_index_then_search_json(tmp_path, capsys):
    idx = tmp_path / "index"
    assert main(["index", "--index-dir", str(idx)]) == 0
    capsys.readouterr()
    assert main(["search", "--json", "nghi quyet 52", "--index-dir", str(idx)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["query"] == "nghi quyet 52"
    assert data["total"] >= 1
    assert set(data["hits"][0]) == {"id", "kind", "title", "score", "snippet", "date"}
    assert data["hits"][0]["title"].startswith("Nghị quyết") and "52" in data["hits"][0]["title"]
    assert main(["index", "--if-missing", "--index-dir", str(idx)]) == 0


def test_import_then_search_with_bad_lines(tmp_path, capsys):
    idx = tmp_path / "index"
    lines = [
        {"id": "vb1", "title": "Đại hội Đảng bộ tỉnh Hà Nam lần thứ XX", "text": "Đại hội họp tại Phủ Lý.",
         "date": "2020-09-21"},
        "not json",
        {"id": "vb2", "title": "", "text": "x"},
        {"id": "vb3", "title": "Báo cáo", "text": "Số liệu quý I", "date": "2020-13"},
        {"id": "vb4", "title": "Chỉ thị về thủy lợi", "text": "Công tác thuỷ lợi mùa khô.", "kind": "document"},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines),
                   encoding="utf-8")
    assert main(["import", str(src), "--index-dir", str(idx)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2" in err and f"{src}:3: field 'title'" in err and f"{src}:4: field 'date'" in err
    assert main(["search", "--json", "phu ly", "--index-dir", str(idx)]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == ["vb1"]
    assert main(["search", "--json", "thủy lợi", "--index-dir", str(idx)]) == 0
    assert [h["id"] for h in json.loads(capsys.readouterr().out)["hits"]] == ["vb4"]


def test_search_without_index_is_one_clear_line(tmp_path, capsys):
    assert main(["search", "Đảng", "--index-dir", str(tmp_path / "none")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "kb index" in err
