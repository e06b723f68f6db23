"""Resolving and checking citations against small in-test records (not the corpus files).

The records below are test fixtures: their dates follow DOMAIN.md §5 where it gives them; the
two 06-NQ/TW records only need to sit in two different terms.

Disputed dates, as decided here: a written date that matches *any* of a record's date claims is
not a mismatch; the citation is ``found`` and carries a ``dispute`` problem listing every claim
and its sources. Only a record whose claims all differ from the written date gives ``mismatch``.
"""
from __future__ import annotations

import json

import pytest

from kb.citations.check import check_text, cite
from kb.citations.format import standard_citation
from kb.citations.resolve import RecordIndex, resolve
from kb.citations.find import find_citations
from kb.models import DateClaim, DateValue, Document, Source

SRC = (Source("seed", "Seed article"), Source("archive", "tulieuvankien.dangcongsan.vn"))
NQ52_SUBJECT = "một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư"


def doc(rid: str, number: str, dates: tuple[str, ...], body: str, term: str | None = None,
        subject: str | None = None, aliases: tuple[str, ...] = (), title: str | None = None,
        claim_sources: tuple[str, ...] = ("seed", "archive")) -> Document:
    doc_type, issuer = number.split("-", 1)[1].split("/")
    claims = tuple(DateClaim(DateValue.parse(d), (s,)) for d, s in zip(dates, claim_sources))
    return Document(rid, "document", title or number, SRC, number=number, doc_type=doc_type, issuer=issuer,
                    body=body, term=term, dates=claims, subject=subject, aliases=aliases)


NQ52 = doc("nq-52", "52-NQ/TW", ("2019-09-27",), "Bộ Chính trị", "XII", NQ52_SUBJECT)
NQ06_XII = doc("nq-06-xii", "06-NQ/TW", ("2016-11-05",), "Ban Chấp hành Trung ương", "XII")
NQ06_XIII = doc("nq-06-xiii", "06-NQ/TW", ("2022-01-24",), "Bộ Chính trị", "XIII")
CT49_DISPUTED = doc("ct-49", "49-CT/TW", ("2005-02-21", "2005-12-21"), "Ban Bí thư", "IX",
                    "xây dựng gia đình thời kỳ công nghiệp hoá, hiện đại hoá đất nước")
CT49_SINGLE = doc("ct-49", "49-CT/TW", ("2005-02-21",), "Ban Bí thư", "IX")
CT05 = doc("ct-05", "05-CT/TW", ("2016-05-15",), "Bộ Chính trị", "XII",
           "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", aliases=("Chỉ thị 05",))
QD285 = doc("qd-285", "285-QĐ/TW", ("2015-04-25",), "Bộ Chính trị", title="Quy định 285-QĐ/TW")
NQTW4 = doc("nq-tw4-xii", "04-NQ/TW", ("2016-10-30",), "Ban Chấp hành Trung ương", "XII",
            aliases=("Nghị quyết Trung ương 4 khóa XII",))
RECORDS = [NQ52, NQ06_XII, NQ06_XIII, CT49_DISPUTED, CT05, QD285, NQTW4]


def one(text: str, records=RECORDS):
    (checked,) = check_text(text, records)
    return checked


def kinds(checked) -> dict[str, str]:
    return {p.part: p.kind for p in checked.resolution.problems}


@pytest.mark.parametrize("written", ["Nghị quyết 52/NQ-TW ngày 27.9.2019", "NQ 52-nq/tw ngày 27-9-2019",
                                     "Nghị quyết số 52-NQ/TƯ, ngày 27/9/2019 của Bộ Chính trị"])
def test_variants_resolve_to_one_record(written: str) -> None:
    c = one(written)
    assert (c.status, c.resolution.record.id) == ("found", "nq-52")
    assert c.to_json()["date"] == "2019-09-27"


def test_found_reports_what_was_not_checked() -> None:
    c = one("Nghị quyết 52/NQ-TW ngày 27.9.2019")
    assert c.resolution.checked == ("date",)
    assert set(c.resolution.unchecked) == {"body", "term", "subject"}


def test_full_citation_checks_every_part() -> None:
    c = one(f"Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị (khóa XII) về “{NQ52_SUBJECT}”")
    assert c.status == "found"
    assert set(c.resolution.checked) == {"date", "body", "term", "subject"} and not c.resolution.problems


def test_ambiguous_without_date_or_term() -> None:
    c = one("Nghị quyết số 06-NQ/TW")
    assert c.status == "ambiguous"
    assert {d.id for d in c.resolution.candidates} == {"nq-06-xii", "nq-06-xiii"}
    assert {x["term"] for x in c.to_json()["candidates"]} == {"XII", "XIII"}


@pytest.mark.parametrize("written,rid", [
    ("Nghị quyết 06-NQ/TW ngày 24/01/2022", "nq-06-xiii"),
    ("Nghị quyết 06-NQ/TW (khóa XII)", "nq-06-xii"),
    ("Nghị quyết 06-NQ/TW năm 2016", "nq-06-xii"),
])
def test_term_or_date_settles_the_ambiguity(written: str, rid: str) -> None:
    c = one(written)
    assert (c.status, c.resolution.record.id) == ("found", rid)


def test_mismatch_date_against_a_single_claim() -> None:
    c = one("Chỉ thị số 49-CT/TW, ngày 21/12/2005 của Ban Bí thư", [CT49_SINGLE])
    assert c.status == "mismatch"
    (p,) = [p for p in c.resolution.problems if p.kind == "mismatch"]
    assert (p.part, p.written, p.recorded, p.sources) == ("date", "2005-12-21", "21/2/2005", ("seed",))


@pytest.mark.parametrize("written", ["21/12/2005", "21/02/2005"])
def test_disputed_record_date_is_a_dispute_not_a_mismatch(written: str) -> None:
    c = one(f"Chỉ thị số 49-CT/TW, ngày {written} của Ban Bí thư (khóa IX)")
    assert c.status == "found"
    dispute = next(p for p in c.resolution.problems if p.kind == "dispute")
    assert dispute.recorded == "21/2/2005 | 21/12/2005" and set(dispute.sources) == {"seed", "archive"}


def test_disputed_record_with_a_third_date_is_a_mismatch() -> None:
    c = one("Chỉ thị số 49-CT/TW, ngày 12/12/2005")
    assert c.status == "mismatch" and kinds(c)["date"] == "mismatch"


def test_body_and_subject_mismatch_name_the_record_sources() -> None:
    c = one("Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Ban Bí thư về “xây dựng gia đình”")
    bad = {p.part: p for p in c.resolution.problems if p.kind == "mismatch"}
    assert c.status == "mismatch" and set(bad) == {"body", "subject"}
    assert bad["body"].recorded == "Bộ Chính trị" and bad["body"].sources == ("seed", "archive")


def test_term_mismatch() -> None:
    c = one("Nghị quyết 52-NQ/TW (khóa XI)", [NQ52])
    assert c.status == "mismatch" and kinds(c)["term"] == "mismatch"


def test_not_found_and_state_never_merge_with_party() -> None:
    assert one("Nghị quyết 99-NQ/TW").status == "not_found"
    assert one("Nghị quyết 52/NQ-CP ngày 27/9/2019").status == "not_found"


@pytest.mark.parametrize("written,rid", [
    ("thực hiện Chỉ thị 05 của Bộ Chính trị", "ct-05"),
    ("thực hiện Nghị quyết Trung ương 4 (khóa XII)", "nq-tw4-xii"),
    ("Quy định 285 của Bộ Chính trị", "qd-285"),
])
def test_named_references(written: str, rid: str) -> None:
    c = one(written)
    assert (c.citation.family, c.status, c.resolution.record.id) == ("named", "found", rid)


def test_json_shape() -> None:
    (c,) = check_text("Nghị quyết 52/NQ-TW ngày 27.9.2019", RECORDS)
    data = json.loads(json.dumps(c.to_json(), ensure_ascii=False))
    required = {"text", "start", "end", "family", "canonical", "type", "number", "issuer", "date", "body", "term",
                "subject", "status", "record_id", "candidates", "problems"}
    assert required <= set(data)
    assert (data["canonical"], data["status"], data["date"], data["term"]) == ("52-NQ/TW", "found", "2019-09-27", "XII")
    assert all({"kind", "part", "written", "recorded", "sources"} <= set(p) for p in data["problems"])


@pytest.mark.parametrize("query", ["NQ 52", "52/NQ-TW", "Nghị quyết số 52", "nghi quyet 52", "52-nqtw"])
def test_cite_any_written_form(query: str) -> None:
    c = cite(query, RECORDS)
    assert c is not None and c.status == "found" and c.resolution.record.id == "nq-52"
    assert c.standard == f"Nghị quyết số 52-NQ/TW ngày 27/9/2019 của Bộ Chính trị về {NQ52_SUBJECT}"


def test_cite_ambiguous_and_nothing() -> None:
    assert cite("Nghị quyết 06", RECORDS).status == "ambiguous"
    assert cite("xin chào", RECORDS) is None


def test_standard_citation_forms() -> None:
    assert standard_citation(QD285) == "Quy định số 285-QĐ/TW ngày 25/4/2015 của Bộ Chính trị"
    assert standard_citation(CT49_DISPUTED).startswith(
        "Chỉ thị số 49-CT/TW ngày 21/2/2005 (nguồn khác ghi: 21/12/2005) của Ban Bí thư về xây dựng gia đình")


def test_index_is_reusable_and_ignores_other_records() -> None:
    idx = RecordIndex([*RECORDS, object()])
    (c,) = find_citations("Chỉ thị 05-CT/TW")
    assert resolve(c, idx).record is CT05
