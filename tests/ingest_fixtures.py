"""Make the ingest fixtures: legacy-encoded texts (committed) and DOCX/PDF files (made at test time).

Run ``python tests/ingest_fixtures.py`` to rewrite the committed TCVN3 and VNI files in
``tests/fixtures/ingest/``;
tests call :func:`make_binary_fixtures` to write the DOCX and PDFs into a temporary folder. The
Vietnamese texts are written for these tests: the units, numbers and dates are invented.
"""
from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures" / "ingest"

TCVN3_TEXT = """ĐẢNG BỘ TỈNH HÀ NAM
HUYỆN UỶ KIM BẢNG
*
Số 12-NQ/HU
Kim Bảng, ngày 5 tháng 3 năm 1998
NGHỊ QUYẾT
về công tác tuyên truyền, giáo dục truyền thống cách mạng
trong cán bộ, đảng viên và nhân dân năm 1998
-----
Thực hiện chương trình công tác năm 1998, Ban Thường vụ Huyện uỷ đánh giá việc tuyên truyền năm qua và đề ra nhiệm vụ cho năm nay.
Uỷ ban nhân dân các xã phối hợp với Mặt trận Tổ quốc và các đoàn thể tổ chức những buổi nói chuyện về truyền thống quê hương, thăm hỏi gia đình chính sách và tu sửa nhà bia ghi tên liệt sĩ.
Các chi bộ thôn xóm sinh hoạt chuyên đề mỗi quý một lần; đảng viên mới được bồi dưỡng lý luận trong sáu tháng đầu năm.
"""

VNI_TEXT = """ĐẢNG BỘ TỈNH HÀ NAM
BAN TUYÊN GIÁO TỈNH UỶ
Số 21-BC/BTGTU
Phủ Lý, ngày 18 tháng 11 năm 1999
BÁO CÁO
kết quả công tác tuyên giáo năm 1999
-----
Năm 1999, Ban Tuyên giáo phối hợp với các huyện uỷ mở lớp bồi dưỡng cho báo cáo viên cơ sở, biên soạn tài liệu sinh hoạt chi bộ hằng tháng và theo dõi dư luận xã hội ở nông thôn.
Những nơi làm tốt được biểu dương trong hội nghị tổng kết; những nơi còn chậm được nhắc nhở để khắc phục ngay trong quý đầu năm sau.
"""

DOCX_PARAGRAPHS = [
    "BÁO CÁO",
    "sơ kết công tác tuyên giáo sáu tháng đầu năm 2020",
    "-----",
    "Sáu tháng đầu năm 2020, các cấp uỷ đảng trong tỉnh tiếp tục quán triệt chỉ thị, nghị quyết của "
    "Đảng, gắn với việc chuẩn bị đại hội đảng bộ các cấp.",
    "Công tác nắm bắt dư luận xã hội được duy trì; các điểm sinh hoạt văn hoá ở thôn xóm hoạt động đều.",
]
DOCX_HEADER = (["ĐẢNG BỘ TỈNH HÀ NAM", "BAN TUYÊN GIÁO TỈNH UỶ", "*", "Số 35-BC/BTGTU"],
               ["ĐẢNG CỘNG SẢN VIỆT NAM", "Phủ Lý, ngày 15 tháng 6 năm 2020"])

PDF_LINES = [
    "TỈNH UỶ HÀ NAM", "*", "Số 07-KH/TU", "Phủ Lý, ngày 2 tháng 3 năm 2021", "",
    "KẾ HOẠCH", "tổ chức các hoạt động kỷ niệm ngày thành lập Đảng bộ tỉnh", "-----",
    "Căn cứ chương trình công tác năm 2021, Ban Thường vụ Tỉnh uỷ xây dựng kế hoạch này",
    "để các chi bộ ôn lại truyền thống và biểu dương những đảng viên tiêu biểu.",
    "Mỗi huyện chọn một di tích lịch sử để tổ chức dâng hương và trồng cây lưu niệm.",
]


def to_tcvn3(text: str) -> bytes:
    """Encode as a TCVN3 (VN3) file would hold it; capitals with tones use the lowercase code."""
    from kb.ingest.legacy import TCVN3

    back = {uni: ord(code) for code, uni in TCVN3.items()}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out += ch.encode()
        else:
            out.append(back.get(ch) or back[ch.lower()])
    return bytes(out)


def to_vni(text: str) -> bytes:
    """Encode as a VNI-Windows file: base letter, then one modifier byte."""
    from kb.ingest.legacy import VNI_LETTERS, VNI_MODS

    letters = {uni: code for code, uni in VNI_LETTERS.items() if code != uni}
    mods: dict[tuple[str, bool], str] = {}
    for code, marks in VNI_MODS.items():
        mods.setdefault((marks, code.isupper()), code)
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii() or ch in letters:
            out.append(letters.get(ch, ch))
            continue
        base, *marks = unicodedata.normalize("NFD", ch)
        horn = "\u031b" in marks
        marks = [m for m in marks if m != "\u031b"]
        if horn:  # ơ ư are one VNI letter, the tone follows
            base = letters[unicodedata.normalize("NFC", base + "\u031b")]
        elif base.lower() in "iy" and marks and ch in letters:
            out.append(letters[ch])
            continue
        order = sorted(marks, key=lambda m: m not in ("\u0302", "\u0306"))
        out.append(base + (mods[("".join(order), ch.isupper())] if order else ""))
    return "".join(out).encode("latin-1")


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer is ``lines``: a CID font with a ToUnicode map, no glyphs embedded."""
    chars = sorted(set("".join(lines)))
    cid = {ch: i + 1 for i, ch in enumerate(chars)}
    ops = ["BT", "/F1 11 Tf", "14 TL", "50 790 Td"]
    ops += [f"<{''.join(f'{cid[ch]:04X}' for ch in line)}> Tj T*" if line else "T*" for line in lines]
    ops.append("ET")
    pairs = [f"<{cid[ch]:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch in chars]
    blocks = "".join(f"{len(pairs[i:i + 100])} beginbfchar\n" + "\n".join(pairs[i:i + 100]) + "\nendbfchar\n"
                     for i in range(0, len(pairs), 100))
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /KB-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
            f"endcodespacerange\n{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        _stream("\n".join(ops).encode()),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /KBTestSans /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KBTestSans /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 500 "
        b"/CIDToGIDMap /Identity >>",
        _stream(cmap.encode()),
        b"<< /Type /FontDescriptor /FontName /KBTestSans /Flags 32 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>",
    ])


def image_pdf() -> bytes:
    """A one-page PDF that only draws a small grey image: what a scan looks like without OCR."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"q 400 0 0 600 100 100 cm /Im1 Do Q"),
        _stream(b"\x00\xff\xff\x00", "/Type /XObject /Subtype /Image /Width 2 /Height 2 "
                                     "/ColorSpace /DeviceGray /BitsPerComponent 8 "),
    ])


def encrypted_pdf(lines: list[str]) -> bytes:
    """``text_pdf`` locked with a user password (RC4, which pypdf handles without extra packages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(lines))))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _stream(data: bytes, extra: str = "") -> bytes:
    return f"<< {extra}/Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_docx(path: Path) -> None:
    """A Word report with its header in a two-column table, as Party documents lay it out."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, DOCX_HEADER):
        cell.text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
    for para in DOCX_PARAGRAPHS:
        document.add_paragraph(para)
    document.save(str(path))


def make_binary_fixtures(folder: Path) -> dict[str, Path]:
    """Write the DOCX and the three PDFs into ``folder``; returns them by role."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {"docx": folder / "bao-cao-so-ket.docx", "pdf": folder / "ke-hoach-ky-niem.pdf",
            "encrypted": folder / "ma-hoa.pdf", "scan": folder / "ban-chup.pdf"}
    make_docx(made["docx"])
    made["pdf"].write_bytes(text_pdf(PDF_LINES))
    made["encrypted"].write_bytes(encrypted_pdf(PDF_LINES))
    made["scan"].write_bytes(image_pdf())
    return made


def write_committed() -> None:
    """Rewrite the committed legacy-encoded fixtures from the Unicode texts above."""
    (HERE / "nghi-quyet-tcvn3.txt").write_bytes(to_tcvn3(TCVN3_TEXT))
    (HERE / "bao-cao-vni.txt").write_bytes(to_vni(VNI_TEXT))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[2]))
    write_committed()
    if len(sys.argv) > 1:
        make_binary_fixtures(Path(sys.argv[1]))
