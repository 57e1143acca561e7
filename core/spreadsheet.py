"""CSV files the office opens in Excel: UTF-8 with a BOM (so Korean shows), and no cell that a
spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…` get an apostrophe in front)."""

import csv
import io

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def excel_csv(header, rows) -> bytes:
    """The CSV file of `header` and `rows`, every cell guarded."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue().encode("utf-8")
