#!/usr/bin/env python3
"""Writes the hand-made seed inputs of tests/fuzz/corpus/<target>/.

Run once (python3 tests/fuzz/make_seeds.py); the files are committed, so the
fuzzers never need this script. It only adds or overwrites the seeds named
here (files called seed-*) and leaves inputs that the fuzzer found and
`tests/fuzz/run --merge` kept alone. Only the standard library is used: the
.xlsx seeds are zipped by hand with zipfile, shaped like what Excel, WPS,
libxlsxwriter and .NET writers produce. corpus/fuzz_xlsx/seed-libxlsxwriter.xlsx
is the exception: a real libxlsxwriter file (merged title, a custom date
format, a formula, a second sheet), written once by a throwaway C program.
"""
import io
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


# ---- 身份证号 --------------------------------------------------------------
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def with_check(first17):
    s = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + "10X98765432"[s % 11]


ID_M = with_check("32040219800101123")  # male, 1980-01-01
ID_F = with_check("11010519491231002")  # female, 1949-12-31
ID_X = next(with_check("4403041990071512" + str(d)) for d in range(10)
            if with_check("4403041990071512" + str(d)).endswith("X"))


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# ---- CSV ------------------------------------------------------------------
ROSTER = [
    ["姓名", "性别", "身份证号", "出生日期", "入党日期", "转正日期", "人员类别", "手机号"],
    ["张三", "男", ID_M, "1980-01-01", "2005.7.1", "2006年7月1日", "正式党员", "13812345678"],
    ["李四", "", ID_F, "", "19750701", "", "预备党员", "+86 139-0000-1111"],
]


def csv_text(rows, sep=",", eol="\n"):
    def q(v):
        if any(c in v for c in (sep, '"', "\n", "\r")):
            return '"' + v.replace('"', '""') + '"'
        return v
    return eol.join(sep.join(q(v) for v in r) for r in rows) + eol


def csv_seeds():
    put("fuzz_csv", "utf8.csv", csv_text(ROSTER))
    put("fuzz_csv", "bom-crlf.csv", b"\xEF\xBB\xBF" + csv_text(ROSTER, eol="\r\n").encode())
    put("fuzz_csv", "gbk.csv", csv_text(ROSTER, eol="\r\n").encode("gbk"))
    put("fuzz_csv", "gb18030-rare.csv", "姓名,备注\r\n𠀀,䶮\r\n".encode("gb18030"))
    put("fuzz_csv", "tab.tsv", csv_text(ROSTER, sep="\t"))
    put("fuzz_csv", "semicolon.csv", csv_text(ROSTER, sep=";", eol="\r"))
    put("fuzz_csv", "quoted.csv",
        'a,"b ""quoted"" text","multi\nline\r\ncell",d\n'
        '"",,"x",\n,,,\n\n"a"b,"trailing"\r\n')
    put("fuzz_csv", "title-footer.csv",
        "某某党支部党员花名册,,,\n,,,\n" + csv_text(ROSTER) + "填报人：王五,,制表人：赵六,\n")
    put("fuzz_csv", "unterminated.csv", 'name,note\n张三,"never closed\n')
    put("fuzz_csv", "fullwidth.csv", "姓名，身份证号\n" + fullwidth("ZHANG,") + "'" + ID_M + "\u3000\u200b\n")
    put("fuzz_csv", "bad-utf8.csv", b"a,b\n\xff\xfe,\xc3\x28\n\xe2\x82,\xed\xa0\x80\n")


# ---- dates ----------------------------------------------------------------
DATES = [
    "2012-07-01", "2012.7.1", "2012/07/01", "2012年7月1日", "2012年7月1号", "2012年7月1",
    "2012年07月", "2012.07", "20120701", "41091", "41091.0", "60", "59", "61", "1",
    "100000", "2012", "2012-07-01 00:00:00", "2012/7/1 0:00", "2012-07-01T08:30",
    " 2012.07.01 ", fullwidth("2012-07-01"), "\u30002012\u3000", "2000-02-29", "1900-02-29",
    "1899-12-31", "9999-12-31", "2012-02-30", "2012-13-01", "2012-7-1-1", "二〇一二年七月一日",
    "2012-07/01", "12-07-01", "01/07/2012", "2012\u200b-07-01", "",
]


def date_seeds():
    for i, d in enumerate(DATES):
        put("fuzz_date", "%02d" % i, d)


# ---- IDs, phones, records ----------------------------------------------------
IDS = [
    ID_M, ID_F, ID_X, ID_X.lower(), fullwidth(ID_M), " " + ID_M[:6] + " " + ID_M[6:] + " ",
    "'" + ID_M, "\u2018" + ID_F + "\u2019", ID_M[:15], "3.20402E+17", "3.2E17",
    "320402198001011000.0", "320402198001011000", with_check("32040220990101123"),
    ID_M[:17] + ("0" if ID_M[17] != "0" else "1"), ID_M[:17], ID_M + "1", "32040219800230123X",
    "", "13812345678", "+86 138-1234-5678", "0086１３８１２３４５６７８", "8613812345678",
    "12345678901", "1.38123E+10",
]
RECORDS = [
    ROSTER[1],
    ROSTER[2],
    ["王五", "女性", ID_M, "1980-01-02", "1990-01-01", "", "正式党员", "abc"],  # mismatches, too young
    [" 赵六 ", "", "'" + ID_F.lower(), "", "1975.7.1", "1975.7.1", "正式党员", ""],
    ["", "", "", "", "", "", "", ""],
    ["钱七", "男", "3.20402E+17", "41091", "2099-01-01", "2098-01-01", "群众", "1381234567"],
    ["孙八", "男", ID_X, "", "2012年7月1日", "2013.7.1", "预备党员", "13812345678"],
]


def id_seeds():
    for i, v in enumerate(IDS):
        put("fuzz_id", "id-%02d" % i, v)
    for i, r in enumerate(RECORDS):
        put("fuzz_id", "record-%02d" % i, "\t".join(r))


# ---- .xlsx -------------------------------------------------------------------
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def content_types(sheets):
    over = "".join(
        '<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1) for i in range(sheets))
    return (XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + over + "</Types>")


def rels(items):
    body = "".join('<Relationship Id="%s" Type="%s/%s" Target="%s"%s/>' % (i, REL, t, target, extra)
                   for i, t, target, extra in items)
    return XML + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + body + \
        "</Relationships>"


ROOT_RELS = rels([("rId1", "officeDocument", "xl/workbook.xml", "")])


def workbook(sheets, pr=""):
    s = "".join('<sheet name="%s" sheetId="%d" r:id="rId%d"%s/>' % (n, i + 1, i + 1, st)
                for i, (n, st) in enumerate(sheets))
    return XML + "<workbook %s %s>%s<sheets>%s</sheets></workbook>" % (NS, NS_R, pr, s)


def book_rels(n, extra=()):
    items = [("rId%d" % (i + 1), "worksheet", "worksheets/sheet%d.xml" % (i + 1), "") for i in range(n)]
    items.append(("rId%d" % (n + 1), "sharedStrings", "sharedStrings.xml", ""))
    items.append(("rId%d" % (n + 2), "styles", "styles.xml", ""))
    items.extend(extra)
    return rels(items)


def shared(strings):
    si = "".join("<si><t xml:space=\"preserve\">%s</t></si>" % s if not s.startswith("<") else "<si>%s</si>" % s
                 for s in strings)
    return XML + '<sst %s count="%d" uniqueCount="%d">%s</sst>' % (NS, len(strings), len(strings), si)


# cellXfs: 0 general, 1 built-in date 14, 2 custom yyyy"年"m"月"d"日" (176), 3 time 20, 4 text (49)
STYLES = (XML + "<styleSheet %s><numFmts count=\"1\">"
          "<numFmt numFmtId=\"176\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts>"
          "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
          "<xf numFmtId=\"176\" applyNumberFormat=\"1\"/><xf numFmtId=\"20\"/><xf numFmtId=\"49\"/></cellXfs>"
          "</styleSheet>") % NS


def sheet(rows, merges=(), prefix=""):
    p = prefix + ":" if prefix else ""
    ns = 'xmlns:%s="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' % prefix if prefix else NS
    body = "".join("<%srow r=\"%d\">%s</%srow>" % (p, r, cells.replace("<c", "<" + p + "c").replace(
        "</c>", "</" + p + "c>").replace("<v>", "<" + p + "v>").replace("</v>", "</" + p + "v>"), p)
        for r, cells in rows)
    m = ""
    if merges:
        m = "<%smergeCells count=\"%d\">%s</%smergeCells>" % (
            p, len(merges), "".join("<%smergeCell ref=\"%s\"/>" % (p, r) for r in merges), p)
    return XML + "<%sworksheet %s><%ssheetData>%s</%ssheetData>%s</%sworksheet>" % (p, ns, p, body, p, m, p)


def xlsx(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), text, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def xlsx_seeds():
    # A roster as a Chinese Excel saves it: a title merged across, the header,
    # IDs as text, one ID damaged into a number, dates as serials and text.
    strings = ["某某党支部党员花名册", "姓名", "身份证号", "出生日期", "入党日期", "人员类别", "张三", ID_M,
               "正式党员", "李四", "预备党员", "填报人：王五", "<r><t>富</t></r><r><rPr/><t>文本</t></r>",
               "<t>a_x000D_b</t><rPh><t>ignored</t></rPh>"]
    rows = [
        (1, '<c r="A1" t="s"><v>0</v></c>'),
        (2, ''.join('<c r="%s2" t="s"><v>%d</v></c>' % (c, i + 1) for i, c in enumerate("ABCDE"))),
        (3, '<c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>7</v></c><c r="C3" s="1"><v>29221</v></c>'
            '<c r="D3" s="2"><v>38534</v></c><c r="E3" t="s"><v>8</v></c>'),
        (4, '<c r="A4" t="s"><v>9</v></c><c r="B4"><v>1.10105194912311E+17</v></c><c r="C4" s="3">'
            '<v>0.5</v></c><c r="D4" t="inlineStr"><is><t>1975.7.1</t></is></c><c r="E4" t="s"><v>10</v></c>'),
        (5, '<c r="A5" t="b"><v>1</v></c><c r="B5" t="e"><v>#N/A</v></c><c r="C5" t="str"><v>text</v></c>'
            '<c r="D5" t="d"><v>2012-07-01T00:00:00</v></c><c r="E5" t="s"><v>12</v></c><c r="F5" t="s">'
            '<v>13</v></c>'),
        (7, '<c r="A7" t="s"><v>11</v></c><c r="XFD7"><v>-1.5E-3</v></c>'),
    ]
    put("fuzz_xlsx", "roster.xlsx", xlsx([
        ("[Content_Types].xml", content_types(1)), ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook([("花名册", "")])), ("xl/_rels/workbook.xml.rels", book_rels(1)),
        ("xl/sharedStrings.xml", shared(strings)), ("xl/styles.xml", STYLES),
        ("xl/worksheets/sheet1.xml", sheet(rows, ["A1:E1", "E3:E4"])),
    ]))

    # Two sheets, the first hidden; .NET-style x: prefixes; 1904 dates; no
    # shared strings or styles parts; cells without r attributes; an external link.
    rows2 = [(1, '<c t="inlineStr"><is><t>x</t></is></c><c><v>42</v></c>'),
             (3, '<c r="C3" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r></is></c>')]
    put("fuzz_xlsx", "two-sheets.xlsx", xlsx([
        ("[Content_Types].xml", content_types(2)), ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook([("隐藏", ' state="hidden"'), ("Data", "")],
                                     '<workbookPr date1904="1"/>')),
        ("xl/_rels/workbook.xml.rels", rels([
            ("rId1", "worksheet", "worksheets/sheet1.xml", ""), ("rId2", "worksheet", "/xl/worksheets/sheet2.xml", ""),
            ("rId3", "hyperlink", "http://example.invalid/", ' TargetMode="External"')])),
        ("xl/worksheets/sheet1.xml", sheet([(1, '<c r="A1"><v>1</v></c>')])),
        ("xl/worksheets/sheet2.xml", sheet(rows2, ["A1:B2"], prefix="x")),
    ]))

    # The bare minimum a reader must accept: no rels for the workbook part
    # name lookups beyond the defaults, odd-cased member names.
    put("fuzz_xlsx", "minimal.xlsx", xlsx([
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook([("S", "")])),
        ("xl/_rels/workbook.xml.rels", rels([("rId1", "worksheet", "./worksheets/../worksheets/sheet1.xml", "")])),
        ("xl/SharedStrings.xml", shared(["only"])),
        ("xl/worksheets/sheet1.xml", sheet([(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" s="9"><v>3</v></c>'),
                                            (2, '<c r="A2" t="s"><v>99</v></c>')])),
    ]))


def import_seeds():
    # read_table's input: any upload. CSV rosters with title rows, a repeated
    # header (multi-page print), footers and notes, aliases and marked headers;
    # refusals (duplicate and missing columns, .xls, encrypted); an .xlsx roster.
    header = ["序号", "*姓名", "性别", "公民身份号码", "出生年月", "入党时间（必填）", "党员状态", "现任职务", "党支部",
              "备注"]
    rows = [header,
            ["1", "张  三", "男", "'" + ID_M, "1980.01", "2005.7.1", "正式党员", "  支部  书记 ", "第一支部", " 无 "],
            ["2", "李四", "", fullwidth(ID_F), "", "19750701", "预备党员", "", "", ""],
            header,
            ["3", "王五\t", "女", "3.20402E+17", "", "41091", "", "委员\n", "", ""],
            ["填报人：赵六", "", "", "", "", "", "", "", "", ""],
            ["注：1. 身份证号请填写18位", "2. 日期", "", "", "", "", "", "", "", ""]]
    put("fuzz_import", "roster.csv", "某某党支部党员花名册\n\n" + csv_text(rows))
    put("fuzz_import", "roster-gbk.csv", csv_text(rows, eol="\r\n").encode("gbk"))
    put("fuzz_import", "roster-bom.tsv", b"\xEF\xBB\xBF" + csv_text(rows[:3], sep="\t").encode())
    put("fuzz_import", "duplicate-column.csv", csv_text([["姓名", "身份证号", "身份证", "入党日期"], ["a", "b", "c", "d"]]))
    put("fuzz_import", "missing-column.csv", csv_text([["姓名", "性别"], ["张三", "男"]]))
    put("fuzz_import", "only-header.csv", csv_text([["姓名", "身份证号", "入党日期"]]))
    put("fuzz_import", "old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 56)
    put("fuzz_import", "encrypted.xlsx", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 24 +
        "EncryptedPackage".encode("utf-16-le") + b"\0" * 8)
    with open(os.path.join(CORPUS, "fuzz_xlsx", "seed-roster.xlsx"), "rb") as f:
        put("fuzz_import", "roster.xlsx", f.read())


if __name__ == "__main__":
    csv_seeds()
    date_seeds()
    id_seeds()
    xlsx_seeds()
    import_seeds()
