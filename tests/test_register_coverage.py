"""The bundled register covers what editors cite: a draft citing twenty central documents of
2011–2020 by number and date is checked against the corpus, and numbers that repeat across terms
come back as candidates until a date or "khóa" decides."""
from __future__ import annotations

from kb.citations import RecordIndex, check_text, cite

DRAFT = """Thực hiện Nghị quyết số 29-NQ/TW ngày 4/11/2013 của Ban Chấp hành Trung ương về đổi mới căn
bản, toàn diện giáo dục và đào tạo, Nghị quyết số 33-NQ/TW ngày 9/6/2014 của Ban Chấp hành Trung
ương về xây dựng và phát triển văn hóa, con người Việt Nam, cùng Nghị quyết số 19-NQ/TW ngày
31/10/2012 về đất đai và Nghị quyết số 20-NQ/TW ngày 1/11/2012 về khoa học và công nghệ, Ban
Thường vụ Tỉnh ủy đã chỉ đạo quán triệt sâu rộng. Việc xây dựng Đảng bám sát Nghị quyết số
12-NQ/TW ngày 16/1/2012 và Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Ban Chấp hành Trung ương,
Quy định số 47-QĐ/TW ngày 1/11/2011 về những điều đảng viên không được làm, Quy định số
08-QĐi/TW ngày 25/10/2018 về trách nhiệm nêu gương, Quy định số 102-QĐ/TW ngày 15/11/2017 của Bộ
Chính trị về xử lý kỷ luật đảng viên vi phạm và Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính
trị. Về sắp xếp bộ máy, tỉnh triển khai Nghị quyết số 18-NQ/TW ngày 25/10/2017 và Nghị quyết số
19-NQ/TW ngày 25/10/2017; về kinh tế, Nghị quyết số 10-NQ/TW ngày 3/6/2017 về kinh tế tư nhân,
Nghị quyết số 23-NQ/TW ngày 22/3/2018 của Bộ Chính trị về chính sách công nghiệp quốc gia, Nghị
quyết số 50-NQ/TW ngày 20/8/2019 về đầu tư nước ngoài, Nghị quyết số 52-NQ/TW ngày 27/9/2019 của
Bộ Chính trị và Nghị quyết số 55-NQ/TW ngày 11/2/2020 của Bộ Chính trị; về biển, Nghị quyết số
36-NQ/TW ngày 22/10/2018 của Ban Chấp hành Trung ương; về tiền lương, Nghị quyết số 27-NQ/TW ngày
21/5/2018; và Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị về bảo vệ nền tảng tư tưởng
của Đảng."""


def test_a_draft_citing_twenty_central_documents_is_checked(corpus):
    checked = [c for c in check_text(DRAFT, RecordIndex(corpus.documents)) if c.citation.family == "party"]
    assert len(checked) == 20, [c.citation.text for c in checked]
    found = [c for c in checked if c.status == "found"]
    assert len(found) >= 19, [(c.citation.text, c.status) for c in checked if c.status != "found"]
    assert not [c for c in checked if c.status == "mismatch"]
    for c in found:  # the record it resolved to has the date the draft wrote
        assert c.resolution.record.date == c.citation.date, c.citation.text


def test_a_number_of_two_terms_shows_both_until_a_date_decides(corpus):
    index = RecordIndex(corpus.documents)
    both = cite("12-NQ/TW", index)
    assert both.status == "ambiguous"
    assert {d.term for d in both.resolution.candidates} == {"XI", "XII"}
    dated = cite("Nghị quyết 12-NQ/TW ngày 3/6/2017", index)
    assert dated.status == "found" and dated.resolution.record.term == "XII"
