"""``kb eval`` on a tiny ALQAC-shaped slice made from the project's corpus (the real questions stay
outside the repository)."""
import json

import pytest

from kbcli.main import main
from tests.conftest import SEED


@pytest.fixture(scope="module")
def alqac(tmp_path_factory, corpus):
    """law.json: the seed article's paragraphs as one 'law', each record's text as another;
    train.json asks a sentence of every other article, plus one question whose gold is absent."""
    folder = tmp_path_factory.mktemp("alqac")
    seed = [x.strip() for x in SEED.read_text(encoding="utf-8").split("\n") if len(x.strip()) > 120]
    records = [r.text.strip() for r in corpus.records() if len(r.text.strip()) > 120]
    laws = [{"id": name, "articles": [{"id": str(k + 1), "text": t} for k, t in enumerate(texts)]}
            for name, texts in (("Bài gốc", seed), ("Hồ sơ", records))]
    questions = [{"question_id": f"{law['id']}-{art['id']}", "question_type": "Tự luận",
                  "text": art["text"].split(". ")[0][:200],
                  "relevant_articles": [{"law_id": law["id"], "article_id": art["id"]}]}
                 for law in laws for art in law["articles"][::2]]
    questions.append({"question_id": "HP-1", "question_type": "Đúng/Sai", "text": "Hiến pháp quy định gì?",
                      "relevant_articles": [{"law_id": "Hiến pháp", "article_id": "1"}]})
    (folder / "law.json").write_text(json.dumps(laws, ensure_ascii=False), encoding="utf-8")
    (folder / "train.json").write_text(json.dumps(questions, ensure_ascii=False), encoding="utf-8")
    return folder


def test_eval_reports_every_run(alqac, capsys):
    assert main(["eval", "--alqac", str(alqac), "--split", "train", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["missing_gold"] == ["HP-1"]
    assert set(out["runs"]) == {"kb search, accented", "kb search, accents removed", "plain BM25, one syllable field"}
    for run in out["runs"].values():
        assert 0 <= run["mrr@10"] <= 1
        assert run["recall"]["1"] <= run["recall"]["5"] <= run["recall"]["10"] <= run["recall"]["100"] <= 1
    assert out["runs"]["kb search, accented"]["mrr@10"] > 0.5  # a sentence of the article finds it


def test_eval_table_and_a_missing_folder(alqac, tmp_path, capsys):
    assert main(["eval", "--alqac", str(alqac), "--split", "train", "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "| kb search, accented |" in out and "MRR@10" in out
    assert main(["eval", "--alqac", str(tmp_path)]) == 1
    assert "law.json" in capsys.readouterr().err
