#!/usr/bin/env python3
"""Writes small .xlsx files that made excel::read_xlsx use memory far out of
proportion to their size. Fixed: src/core/excel/xlsx_limits.h caps each of
them (and others of their kind) with the reader's runtime_error, and
tests/core/excel_reader/xlsx_limits_test.cpp builds the same inputs and
checks the error, the time and the peak RSS growth (< 64 MB).

usage: python3 tests/fuzz/findings/xlsx_bombs.py [OUT_DIR] [MiB]
       build/fuzz/tests/fuzz/fuzz_xlsx -rss_limit_mb=1024 OUT_DIR/<file>
       python3 tests/fuzz/findings/xlsx_bombs.py --regress
         (re)writes the regress-bomb-* inputs of tests/fuzz/corpus/fuzz_xlsx/

Measured with the reader at -O2 (MiB = 200, the default), before -> after:
  a-unclosed-row.xlsx   205 KB: 259 MB RSS -> 0.2 s, 3 MB: an element that
                        never closes was buffered whole by ElementScanner; now
                        an element is held up to 1 MiB (kMaxElementBytes), and
                        this file, 200 MiB of spaces, is refused as a zip bomb
                        by its compression ratio first (kMaxRatio)
  b-merge-wide.xlsx     1.4 KB: 1.6 GB RSS -> 1 ms, 4 MB: a 100 KB top-left
                        cell merged over A1:XFD1 was copied into 16,383 cells;
                        now refused as a cell over Excel's 32,767 characters
                        (kMaxCellChars), and a shorter one stops at 16 MiB of
                        text in the row (kMaxRowTextBytes)
  c-empty-si.xlsx       307 KB: 2 GB RSS, 34 s -> 0.3 s, 20 MB: 40 million
                        <si/> became 40 million std::string; now the table is
                        packed (4 bytes an entry) and capped at 4,194,304
                        entries (kMaxSharedStrings)
  d-many-merges.xlsx    510 KB: 1.4 GB RSS, 19 s -> 0.5 s, 15 MB: 8.7 million
                        <mergeCell> each held a SheetCell; now 12 bytes each,
                        capped at 1,000,000 (kMaxMerges)

The regress-bomb-* corpus inputs are the same bombs cut down to hit the caps
within 32 KiB: tests/fuzz/run passes -max_len=32768 to fuzz_xlsx, and
libFuzzer truncates longer seed files to that length, which would turn them
into broken zips. The zip bomb of the unit tests (10 GiB of zeros) and a part
over 1 GiB cannot be that small (deflate stops at ~1000:1), so they are only
in the unit tests.
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


def bombs(mib):
    size = mib << 20
    head = m.XML + '<worksheet %s><sheetData>' % m.NS
    return {
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


# Each just past its cap (src/core/excel/xlsx_limits.h) and under 32 KiB zipped.
def regress():
    head = m.XML + '<worksheet %s><sheetData>' % m.NS
    return {
        # kMaxElementBytes: 2 MiB of an unclosed row.
        "regress-bomb-unclosed-row.xlsx": book(
            head + '<row r="1"><c r="A1" t="inlineStr"><is><t>' + " " * (2 << 20)),
        # kMaxCellChars: the finding itself.
        "regress-bomb-merge-wide.xlsx": bombs(0)["b-merge-wide.xlsx"],
        # kMaxRowTextBytes: 30,000 characters (90 KB) merged over A1:XFD1.
        "regress-bomb-merge-wide-cjk.xlsx": book(
            head + '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "党" * 30000 + '</t></is></c></row>'
            '</sheetData><mergeCells><mergeCell ref="A1:XFD1"/></mergeCells></worksheet>'),
        # kMaxSharedStrings: 4,194,305 <si/>.
        "regress-bomb-empty-si.xlsx": book(m.XML + '<worksheet %s><sheetData/></worksheet>' % m.NS,
                                           m.XML + '<sst %s>' % m.NS + "<si/>" * ((4 << 20) + 1) + "</sst>"),
        # kMaxMerges: 1,000,001 <mergeCell> (without ref, to stay under 32 KiB).
        "regress-bomb-many-merges.xlsx": book(
            head + '<row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>'
            + '<mergeCell ref="A1:B2"/>' * 10 + '<mergeCell/>' * 1000000 + '</mergeCells></worksheet>'),
    }


def main():
    if sys.argv[1:] == ["--regress"]:
        out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus", "fuzz_xlsx")
        files = regress()
    else:
        out = sys.argv[1] if len(sys.argv) > 1 else "build/fuzz/findings"
        files = bombs(int(sys.argv[2]) if len(sys.argv) > 2 else 200)
    os.makedirs(out, exist_ok=True)
    for name, data in files.items():
        if name.startswith("regress-") and len(data) > 32768:
            sys.exit("%s: %d bytes, over the fuzz run's -max_len of 32768" % (name, len(data)))
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        print("%s: %d bytes" % (os.path.normpath(os.path.join(out, name)), len(data)))


if __name__ == "__main__":
    main()
