"""The bundled corpus loads, every record is sourced, and bad files are named with their field."""
from pathlib import Path

import pytest

from kb.corpus import load_corpus
from kb.errors import CorpusError

ROOT = Path(__file__).resolve().parent.parent


def test_every_record_has_a_source(corpus):
    assert corpus.records()
    for rec in corpus.records():
        assert rec.sources, rec.path
        for s in rec.sources:
            assert s.title.strip(), rec.path
        for claim in rec.date_claims:
            assert claim.sources, rec.path


def test_seed_article_is_kept_byte_for_byte(corpus):
    seed = ROOT.parent / "shared" / "seed" / "000_facbec4f888b1542.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert (ROOT / "corpus" / "documents" / seed.name).read_bytes() == seed.read_bytes()


def test_every_document_the_seed_cites_has_a_record(corpus):
    numbers = {d.number for d in corpus.documents if d.number}
    for n in ("52-NQ/TW", "55-NQ/TW", "18-NQ/TW", "05-CT/TW", "49-CT/TW", "26-TB/TW", "285-QĐ/TW",
              "17-CT/TU", "244-QĐ/TU", "610-BC/BTGTU", "150-KH/TU"):
        assert n in numbers, n


def test_known_conflicts_are_kept_as_two_claims(corpus):
    ct49 = next(d for d in corpus.documents if d.number == "49-CT/TW")
    assert ct49.disputed
    assert {c.value.iso() for c in ct49.dates} >= {"2005-02-21", "2005-12-21"}
    tien = next(p for p in corpus.people if p.title == "Nguyễn Hữu Tiến")
    assert {c.value.iso() for c in tien.birth} == {"1901-03-05", "1901-03-03"}


def write(tmp_path, rel, text):
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("front,field", [
    ("title: A\n", "sources"),
    ("sources: [{id: s, title: S}]\n", "title"),
    ("title: A\nsources: [{id: s, title: S}]\ndate: '2019-13-01'\n", "date"),
    ("title: A\nsources: [{id: s, title: S}]\ndate: '2020-02-31'\n", "date"),
    ("title: A\nsources: [{id: s, title: S}]\ndate: [{value: '2005-02-21', sources: [x]}]\n", "date[0]"),
    ("title: A\nsources: [{id: s, title: S}]\nkind: luật\n", "kind"),
    ("title: [A\n", "front matter"),
    ("title: A\nsources: [{id: s, title: S, kind: tertiary}]\n", "sources[0].kind"),
])
def test_bad_file_names_path_and_field(tmp_path, front, field):
    path = write(tmp_path, "documents/bad.md", f"---\n{front}---\nNội dung.\n")
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path)
    assert err.value.field == field
    assert str(path) in str(err.value)


def test_text_file_needs_its_sidecar(tmp_path):
    write(tmp_path, "documents/a.txt", "Văn bản gốc")
    with pytest.raises(CorpusError, match="sidecar"):
        load_corpus(tmp_path)


def test_event_category_must_be_known(tmp_path):
    write(tmp_path, "events/e.md", "---\ntitle: Hội nghị\ndate: '2011-07-04'\ncategory: hop\n"
                                   "sources: [{id: s, title: S, url: 'https://example.org'}]\n---\n")
    with pytest.raises(CorpusError) as err:
        load_corpus(tmp_path)
    assert err.value.field == "category"


def test_primary_source_is_listed_first_in_a_conflict(tmp_path):
    """A secondary page written first still shows after the document's own header."""
    from kb.chronicle import list_conflicts
    write(tmp_path, "documents/nq.md", """---
title: Nghị quyết 39-NQ/TW
number: 39-NQ/TW
date:
  - {value: "2015-04-07", sources: [news]}
  - {value: "2015-04-17", sources: [archive]}
sources:
  - {id: news, title: Báo, url: "https://example.org/a", kind: secondary}
  - {id: archive, title: Văn bản, url: "https://example.org/b", kind: primary}
---
""")
    corpus = load_corpus(tmp_path)
    (conflict,) = list_conflicts(corpus)
    assert [c.value.iso() for c in conflict.claims] == ["2015-04-17", "2015-04-07"]
    assert [s.kind for s in conflict.claims[0].sources] == ["primary"]


def test_known_records_are_taken_as_they_are_instead_of_read_again(corpus):
    """``kb add`` hands the records it just wrote to its first index: those are reused, the rest read."""
    root = ROOT / "corpus"
    known = [d for d in corpus.documents if d.path.endswith(".txt")][:5]
    assert known
    again = load_corpus(root, known=known)
    assert again == load_corpus(root)
    reused = {id(r) for r in known}
    assert {id(r) for r in again.records()} & reused == reused  # the very objects, not copies
    assert sum(id(r) in reused for r in again.records()) == len(known)
