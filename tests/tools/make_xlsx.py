#!/usr/bin/env python3
"""Writes a minimal .xlsx from a JSON description, as another program would write one: inline
strings, numbers, booleans, no shared strings, a namespace prefix on the workbook's elements.
The workbook import is tested against it as well as against Sift's own template writer.

usage: make_xlsx.py OUT.xlsx < {"sheet name": [[cell, ...], ...], ...}
A cell is a string, a number, true/false, or null (no cell)."""
import json
import sys
import zipfile
from xml.sax.saxutils import escape


def column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        out.append('<row r="%d">' % r)
        for c, cell in enumerate(row):
            ref = "%s%d" % (column(c), r)
            if cell is None:
                continue
            if isinstance(cell, bool):
                out.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, cell))
            elif isinstance(cell, (int, float)):
                out.append('<c r="%s"><v>%s</v></c>' % (ref, cell))
            else:
                out.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(cell)))
        out.append('</row>')
    out.append('</sheetData></worksheet>')
    return "".join(out)


def main():
    sheets = json.load(sys.stdin)
    with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        entries = []
        rels = []
        for i, (name, rows) in enumerate(sheets.items(), start=1):
            z.writestr("xl/worksheets/sheet%d.xml" % i, sheet_xml(rows))
            entries.append('<x:sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (escape(name), i, i))
            rels.append('<Relationship Id="rId%d" Target="worksheets/sheet%d.xml" '
                        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>' % (i, i))
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>'
                   + "".join(entries) + '</x:sheets></x:workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(rels) + '</Relationships>')


if __name__ == "__main__":
    main()
