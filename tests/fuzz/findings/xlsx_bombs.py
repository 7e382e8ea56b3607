#!/usr/bin/env python3
"""Writes small .xlsx files that make excel::read_xlsx use memory far out of
proportion to their size (open findings, not in the corpus: every fuzz run
would fail on them until src/core/excel bounds these sizes; once it does,
move them to tests/fuzz/corpus/fuzz_xlsx/ as regress-*).

usage: python3 tests/fuzz/findings/xlsx_bombs.py [OUT_DIR] [MiB]
       build/fuzz/tests/fuzz/fuzz_xlsx -rss_limit_mb=1024 OUT_DIR/<file>

Measured with the reader at -O2 (MiB = 200, the default):
  a-unclosed-row.xlsx   205 KB -> 259 MB RSS: an element that never closes is
                        buffered whole by ElementScanner (grows 1:1 with the
                        inflated sheet, so a 50 MB upload can ask for ~50 GB)
  b-merge-wide.xlsx     1.4 KB -> 1.6 GB RSS: a 100 KB top-left cell merged over
                        A1:XFD1 is copied into 16,383 cells of one SheetRow
  c-empty-si.xlsx       307 KB -> 2 GB RSS, 34 s: 40 million <si/> become
                        40 million std::string in the shared-string table
  d-many-merges.xlsx    510 KB -> 1.4 GB RSS, 19 s: 8.7 million <mergeCell>
                        kept as Merge records (each holding a SheetCell)
"""
import io
import os
import sys
import zipfile

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import make_seeds as m  # noqa: E402


def xlsx(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in parts:
            z.writestr(name, text)
    return buf.getvalue()


def book(sheet_xml, sst=None):
    parts = [("_rels/.rels", m.ROOT_RELS), ("xl/workbook.xml", m.workbook([("S", "")])),
             ("xl/_rels/workbook.xml.rels", m.book_rels(1)), ("xl/worksheets/sheet1.xml", sheet_xml)]
    if sst is not None:
        parts.append(("xl/sharedStrings.xml", sst))
    return xlsx(parts)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build/fuzz/findings"
    mib = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    size = mib << 20
    os.makedirs(out, exist_ok=True)
    head = m.XML + '<worksheet %s><sheetData>' % m.NS
    files = {
        "a-unclosed-row.xlsx": book(head + '<row r="1"><c r="A1" t="inlineStr"><is><t>' + " " * size),
        "b-merge-wide.xlsx": book(
            head + '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "x" * (100 << 10) + '</t></is></c></row>'
            '</sheetData><mergeCells><mergeCell ref="A1:XFD1"/></mergeCells></worksheet>'),
        "c-empty-si.xlsx": book(m.XML + '<worksheet %s><sheetData/></worksheet>' % m.NS,
                                m.XML + '<sst %s>' % m.NS + "<si/>" * (size // 5) + "</sst>"),
        "d-many-merges.xlsx": book(
            head + '<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>'
            + '<mergeCell ref="A1:B2"/>' * (size // 24) + '</mergeCells></worksheet>'),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print("%s: %d bytes" % (os.path.join(out, name), len(data)))


if __name__ == "__main__":
    main()
