"""Table of real-form citation cases: canonical, date (ISO at the precision written) and family.

Sources of the sentences: the seed article (seed/000_facbec4f888b1542.txt), DOMAIN.md, and
sentences written in the styles of Party and state documents. Negatives expect nothing.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.citations.find import find_citations

N, S, M = "party", "state", "named"

CASES: list[tuple[str, list[tuple[str, str | None, str]]]] = [
    # seed article, verbatim sentences
    ("Hội nghị quán triệt Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị về “Một số chủ trương chính sách"
     " chủ động tham gia cuộc Cách mạng Công nghiệp lần thứ tư”;", [("52-NQ/TW", "2019-09-27", N)]),
    ("sơ kết chương trình phối hợp theo Quyết định số 244-QĐ/TU của Ban Thường vụ Tỉnh uỷ;", [("244-QĐ/TU", None, N)]),
    ("điều động sắp xếp cán bộ các phòng chuyên môn theo tinh thần Nghị quyết 18-NQ/TW.", [("18-NQ/TW", None, N)]),
    ("Báo cáo số 610-BC/BTGTU, ngày 07/01/2020 về hoạt động sáng tác, quảng bá tác phẩm báo chí",
     [("610-BC/BTGTU", "2020-01-07", N)]),
    ("Xây dựng báo cáo kết quả triển khai thực hiện Quy định 285-QĐ/TW, ngày 25/4/2015 của Bộ Chính trị \"Về dân chủ"
     " trong nghiên cứu lý luận chính trị trong các cơ quan đảng, nhà nước\".", [("285-QĐ/TW", "2015-04-25", N)]),
    ("Về kết quả thực hiện Chỉ thị 05,  Ban Tuyên giáo Tỉnh ủy đã tham mưu", [("Chỉ thị 05", None, M)]),
    ("thực hiện Nghị quyết Trung ương 4 (khóa XII), trong đó đăng ký rõ nội dung", [("Nghị quyết Trung ương 4", None, M)]),
    ("dự thảo báo cáo kết quả 4 năm thực hiện Chỉ thị 05 của Bộ Chính trị.", [("Chỉ thị 05", None, M)]),
    ("Trọng tâm là Nghị quyết số 55-NQ/TW, ngày 11/02/2020 của Bộ Chính trị “Về định hướng Chiến lược phát triển"
     " năng lượng quốc gia của Việt Nam đến năm 2030, tầm nhìn đến năm 2045”.", [("55-NQ/TW", "2020-02-11", N)]),
    ("(theo Kế hoạch số 150-KH/TU, ngày 16/3/2020 của Ban Thường vụ Tỉnh ủy).", [("150-KH/TU", "2020-03-16", N)]),
    ("tổng kết 15 năm thực hiện Chỉ thị số 49-CT/TW, ngày 21/02/2005 của Ban Bí thư (khóa IX) và Thông báo Kết luận"
     " số 26-TB/TW, ngày 9/5/2011 “về xây dựng gia đình thời kỳ công nghiệp hóa, hiện đại hóa đất nước”;",
     [("49-CT/TW", "2005-02-21", N), ("26-TB/TW", "2011-05-09", N)]),
    ("tổng kết 10 năm thực hiện Chỉ thị số 17-CT/TU, ngày 12/7/2010 của Ban Thường vụ Tỉnh ủy “về việc tăng cường”",
     [("17-CT/TU", "2010-07-12", N)]),
    ("giám sát việc thực hiện Nghị quyết Trung ương 4, Chỉ thị 05 của Bộ Chính trị (khóa XII) đối với",
     [("Nghị quyết Trung ương 4", None, M), ("Chỉ thị 05", None, M)]),
    ("Tổ chức Hội nghị sơ kết 4 năm thực hiện Chỉ thị 05 gắn với biểu dương", [("Chỉ thị 05", None, M)]),
    # DOMAIN.md §1 written variants, each in a sentence
    ("Quán triệt Nghị quyết 52-NQ/TƯ của Bộ Chính trị.", [("52-NQ/TW", None, N)]),
    ("Nghị quyết 52/NQ-TW ngày 27.9.2019", [("52-NQ/TW", "2019-09-27", N)]),
    ("theo Nghị quyết số 52 - NQ/TW ngày 27-9-2019", [("52-NQ/TW", "2019-09-27", N)]),
    ("theo Nghị quyết số 52–NQ/TW ngày 27-9- 2019", [("52-NQ/TW", "2019-09-27", N)]),
    ("nghi quyet so 52-nq/tw ngay 27/9/2019", [("52-NQ/TW", "2019-09-27", N)]),
    ("xem thêm tại /van-ban/nghi-quyet-52-NQTW.html", [("52-NQ/TW", None, N)]),
    ("tai lieu nghi quyet 57-nqtw ve khoa hoc cong nghe", [("57-NQ/TW", None, N)]),
    ("Quy định số 285-QD/TW ngày 25/4/2015", [("285-QĐ/TW", "2015-04-25", N)]),
    ("các Nghị quyết 52-NQ/TW, 55-NQ/TW và 57-NQ/TW của Bộ Chính trị",
     [("52-NQ/TW", None, N), ("55-NQ/TW", None, N), ("57-NQ/TW", None, N)]),
    ("các Chỉ thị 05-CT/TW; 28-CT/TW hoặc 35-CT/TW", [("05-CT/TW", None, N), ("28-CT/TW", None, N), ("35-CT/TW", None, N)]),
    ("Nghị quyết Đại hội XIII của Đảng đã xác định", [("Nghị quyết Đại hội XIII", None, M)]),
    ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII", [("Nghị quyết Đại hội XIII", None, M)]),
    ("Nghị quyết Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng, chỉnh đốn Đảng",
     [("Nghị quyết Trung ương 4", None, M)]),
    ("Nghị quyết Trung ương lần thứ sáu (khóa XII)", [("Nghị quyết Trung ương 6", None, M)]),
    ("Nghị quyết Trung ương 8 khoá XI về Chiến lược bảo vệ Tổ quốc", [("Nghị quyết Trung ương 8", None, M)]),
    # headers
    ("BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\nSố: 36-HD/VPTW\nHà Nội, ngày 03 tháng 4 năm 2018\nHƯỚNG DẪN",
     [("36-HD/VPTW", "2018-04-03", N)]),
    ("TỈNH ỦY HÀ NAM\tĐẢNG CỘNG SẢN VIỆT NAM\nSố 150-KH/TU\tHà Nam, ngày 16 tháng 3 năm 2020",
     [("150-KH/TU", "2020-03-16", N)]),
    ("Số: 610-BC/BTGTU                Phủ Lý, ngày 07 tháng 01 năm 2020", [("610-BC/BTGTU", "2020-01-07", N)]),
    ("Hà Nội, ngày 15 tháng 5 năm 2016\nSố: 05-CT/TW\nCHỈ THỊ", [("05-CT/TW", "2016-05-15", N)]),
    # running-text styles of Party documents
    ("Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo"
     " đức, phong cách Hồ Chí Minh", [("05-CT/TW", "2016-05-15", N)]),
    ("Căn cứ Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương", [("08-QĐi/TW", "2018-10-25", N)]),
    ("Căn cứ Quyết định của Bộ Chính trị số31-QĐ/TW, ngày 01-10-1997", [("31-QĐ/TW", "1997-10-01", N)]),
    ("Thông báo số 12-TB/TU, ngày 03 tháng 02 năm 2021 của Thường trực Tỉnh ủy", [("12-TB/TU", "2021-02-03", N)]),
    ("Kết luận số 14-KL/TW ngày 22/9/2021 của Bộ Chính trị về chủ trương khuyến khích và bảo vệ cán bộ năng động",
     [("14-KL/TW", "2021-09-22", N)]),
    ("Hướng dẫn số 02-HD/BTGTW ngày 5/3/2020 của Ban Tuyên giáo Trung ương", [("02-HD/BTGTW", "2020-03-05", N)]),
    ("Chương trình hành động số 45-CTr/TU ngày 10/12/2019", [("45-CTr/TU", "2019-12-10", N)]),
    ("Tờ trình số 21-TTr/BTGTU trình Ban Thường vụ", [("21-TTr/BTGTU", None, N)]),
    ("Công văn số 1234-CV/VPTW ngày 2/6/2020 của Văn phòng Trung ương Đảng", [("1234-CV/VPTW", "2020-06-02", N)]),
    ("Đề án số 03-ĐA/TU về phát triển du lịch", [("03-ĐA/TU", None, N)]),
    ("Thông tri số 01-TT/TW ngày 07/01/2021 của Ban Bí thư", [("01-TT/TW", "2021-01-07", N)]),
    ("Quy chế số 06-QC/TU ngày 28/12/2015", [("06-QC/TU", "2015-12-28", N)]),
    ("Nghị quyết số 03-NQ/ĐU ngày 12/1/2021 của Đảng ủy Khối", [("03-NQ/ĐU", "2021-01-12", N)]),
    ("Kế hoạch số 12-KH/HU ngày 20/4/2020 của Ban Thường vụ Huyện ủy Bình Lục", [("12-KH/HU", "2020-04-20", N)]),
    ("Chỉ thị số 09-CT/ThU của Ban Thường vụ Thành ủy", [("09-CT/ThU", None, N)]),
    ("Quyết định số 99-QĐ/UBKTTW ngày 3/8/2017", [("99-QĐ/UBKTTW", "2017-08-03", N)]),
    ("Hướng dẫn 11-HD/BTCTW năm 2019", [("11-HD/BTCTW", "2019", N)]),
    ("Nghị quyết số 18-NQ/TW ban hành tháng 10/2017", [("18-NQ/TW", "2017-10", N)]),
    ("Nghị quyết 18-NQ/TW, ngày 25 tháng 10 năm 2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa XII",
     [("18-NQ/TW", "2017-10-25", N)]),
    ("Nghị quyết 70-NQ/TW ngày 20/8/2025 thay thế Nghị quyết 55-NQ/TW",
     [("70-NQ/TW", "2025-08-20", N), ("55-NQ/TW", None, N)]),
    ("Chỉ thị 49-CT/TW, ngày 21 tháng 02 năm 2005", [("49-CT/TW", "2005-02-21", N)]),
    ("Chỉ thị số 49-CT/TW ngày 21/12/2005", [("49-CT/TW", "2005-12-21", N)]),
    ("Nghị quyết số 06-NQ/TW của Bộ Chính trị", [("06-NQ/TW", None, N)]),
    ("Thông báo Kết luận số 26-TB/TW, ngày 9/5/2011", [("26-TB/TW", "2011-05-09", N)]),
    ("Quyết định 285", [("Quyết định 285", None, M)]),
    ("Nghị quyết số 52", [("Nghị quyết 52", None, M)]),
    ("Kế hoạch số 150 của Ban Thường vụ", [("Kế hoạch 150", None, M)]),
    ("Chỉ thị 05 năm 2016", [("Chỉ thị 05", "2016", M)]),
    ("Nghị quyết 52 ngày 27/9/2019", [("Nghị quyết 52", "2019-09-27", M)]),
    ("Nghi\u0323 quyê\u0301t sô\u0301 52-NQ/TW nga\u0300y 27/9/2019", [("52-NQ/TW", "2019-09-27", N)]),  # NFD
    # state documents: family 'state', never merged with Party numbers
    ("Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ", [("15/2020/NĐ-CP", "2020-02-03", S)]),
    ("Quyết định số 1152/QĐ-UBND ngày 12/6/2020 của UBND tỉnh", [("1152/QĐ-UBND", "2020-06-12", S)]),
    ("Luật số 59/2020/QH14 về doanh nghiệp", [("59/2020/QH14", None, S)]),
    ("Nghị quyết số 50/NQ-CP ngày 17/4/2021 của Chính phủ", [("50/NQ-CP", "2021-04-17", S)]),
    ("Nghị quyết 52/NQ-CP và Nghị quyết 52-NQ/TW", [("52/NQ-CP", None, S), ("52-NQ/TW", None, N)]),
    ("Quyết định 949/QĐ-BTP của Bộ Tư pháp", [("949/QĐ-BTP", None, S)]),
    ("Quyết định số 123/QĐ-TTg ngày 5/2/2021 của Thủ tướng Chính phủ", [("123/QĐ-TTg", "2021-02-05", S)]),
    ("Thông tư liên tịch số 01/2016/TTLT-BTC-BTP", [("01/2016/TTLT-BTC-BTP", None, S)]),
    ("Nghị định 30/2020/NĐ-CP về công tác văn thư", [("30/2020/NĐ-CP", None, S)]),
    # negatives: plain numbers, percentages, dates, near-citations
    ("Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930 – 3/2/2020);", []),
    ("Trong quý I, Ban Tuyên giáo Tỉnh ủy xuất bản 3 số Bản tin Thông báo nội bộ với trên 9.300 cuốn.", []),
    ("Đại hội có 1.586 đại biểu chính thức", []),
    ("trên 47.668 đảng viên của Đảng bộ đăng ký làm theo Bác, đạt tỉ lệ 97,5%.", []),
    ("Tham mưu Ban Chỉ đạo 35 tỉnh tổng kết công tác năm 2019", []),
    ("hoàn thiện biên soạn cuốn Kỷ yếu Ban Tuyên giáo Tỉnh ủy Hà Nam (1997-2020).", []),
    ("kết quả 17 giải A, 2 giải B và 1 giải C", []),
    ("nhiệm kỳ 2020 – 2025; quý I/2020; 6 tháng đầu năm 2020", []),
    ("Báo cáo 6 tháng đầu năm 2020 của Ban", []),
    ("Kế hoạch 5 năm 2021-2025", []),
    ("quán triệt các chỉ thị, nghị quyết về lĩnh vực khoa giáo", []),
    ("hoạt động tại trung tâm chính trị theo Quy định mới được triển khai", []),
    ("phòng chống dịch viêm đường hô hấp cấp covid -19", []),
    ("Nguyễn Hữu Tiến (1901 – 1941); ngày 27/9/2019; 27-9-2019; 27.9.2019", []),
    ("tỷ lệ 12/15 đạt; phòng 2-B/3", []),
    ("Chương trình 135 giai đoạn 2", []),
    ("Nghị quyết ngày 27/9/2019 của Bộ Chính trị", []),
    ("mã số 52-XY/TW không phải loại văn bản", []),
]


def _found(text: str) -> list[tuple[str, str | None, str]]:
    return [(c.canonical, c.date.iso() if c.date else None, c.family) for c in find_citations(text)]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:60] for c in CASES])
def test_case(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert _found(text) == expected


def test_table_size_and_precision_recall() -> None:
    assert len(CASES) >= 80
    tp = fp = fn = 0
    for text, expected in CASES:
        got = _found(text)
        hits = sum(1 for e in expected if e in got)
        tp, fp, fn = tp + hits, fp + len(got) - hits, fn + len(expected) - hits
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.98 and recall >= 0.98, (precision, recall)


SEED = Path(__file__).resolve().parents[1] / ".." / "shared" / "seed" / "000_facbec4f888b1542.txt"
SEED_EXPECTED = {
    "52-NQ/TW": "2019-09-27", "55-NQ/TW": "2020-02-11", "18-NQ/TW": None, "244-QĐ/TU": None,
    "610-BC/BTGTU": "2020-01-07", "285-QĐ/TW": "2015-04-25", "Chỉ thị 05": None, "150-KH/TU": "2020-03-16",
    "49-CT/TW": "2005-02-21", "26-TB/TW": "2011-05-09", "17-CT/TU": "2010-07-12", "Nghị quyết Trung ương 4": None,
}


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_every_citation_of_the_seed() -> None:
    found = find_citations(SEED.read_text(encoding="utf-8"))
    got = {(c.canonical, c.date.iso() if c.date else None) for c in found}
    assert set(SEED_EXPECTED.items()) <= got
    assert {c.canonical for c in found} == set(SEED_EXPECTED)
    nq4 = [c for c in found if c.canonical == "Nghị quyết Trung ương 4"]
    assert nq4[0].term == "XII"
    ct49 = next(c for c in found if c.canonical == "49-CT/TW")
    assert (ct49.body, ct49.term, ct49.type_name) == ("Ban Bí thư", "IX", "Chỉ thị")
    assert next(c for c in found if c.canonical == "285-QĐ/TW").type_name == "Quy định"
    assert next(c for c in found if c.canonical == "244-QĐ/TU").type_name == "Quyết định"


def test_parts_of_a_full_citation() -> None:
    (c,) = find_citations("Nghị quyết số 52-NQ/TW, ngày 27/9/2019 của Bộ Chính trị (khóa XII) về “Một số chủ trương,"
                          " chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư”.")
    assert (c.text, c.number, c.doc_type, c.issuer) == ("Nghị quyết số 52-NQ/TW", "52", "NQ", "TW")
    assert (c.body, c.term, c.date_text) == ("Bộ Chính trị", "XII", "27/9/2019")
    assert c.subject == "Một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư"


def test_list_members_inherit_the_type_word() -> None:
    found = find_citations("các Nghị quyết 52-NQ/TW, 55-NQ/TW và 57-NQ/TW")
    assert [c.type_name for c in found] == ["Nghị quyết"] * 3
    assert found[0].text == "Nghị quyết 52-NQ/TW" and found[1].text == "55-NQ/TW"


def test_header_flag() -> None:
    (c,) = find_citations("Số: 36-HD/VPTW\nHà Nội, ngày 03 tháng 4 năm 2018")
    assert c.header and c.date_text == "ngày 03 tháng 4 năm 2018"


def test_offsets_point_into_the_input() -> None:
    text = "Theo Nghị quyết số 52-NQ/TW và Chỉ thị 05 của Bộ Chính trị"
    for c in find_citations(text):
        assert text[c.start:c.end] == c.text


from hypothesis import given, settings, strategies as st  # noqa: E402

_PIECES = ["Nghị quyết", " số ", "52", "-", "/", "NQ", "TW", "TƯ", " ngày ", "27/9/2019", " của ", "Bộ Chính trị",
           " về ", "“", "”", "(khóa XII)", ",", " và ", "Số: ", "\n", "Chỉ thị 05", "2020", "QĐ", "-CP", "a\u0300"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_mix_of_fragments_gives_valid_spans(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = find_citations(text)
    assert [c.start for c in found] == sorted(c.start for c in found)
    for c in found:
        assert 0 <= c.start < c.end <= len(text) and text[c.start:c.end] == c.text
        assert c.family in ("party", "state", "named")
