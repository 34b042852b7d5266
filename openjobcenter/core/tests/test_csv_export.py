"""Figures as CSV: spreadsheets read the file as UTF-8 and never run a cell as a formula."""

from openjobcenter.core.csv_export import csv_cell, csv_response


def test_cells_that_look_like_formulas_are_kept_as_text():
    assert [csv_cell(v) for v in ("=HYPERLINK(1)", "+1", "-2", "@SUM", "\tx", None, 3, "Müller")] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@SUM",
        "'\tx",
        "",
        "3",
        "Müller",
    ]


def test_the_response_is_a_utf8_attachment_with_a_byte_order_mark():
    response = csv_response("kennzahlen.csv", [("Zone", "Wartezeit"), ("A", "=1+1")])
    assert response["Content-Disposition"] == 'attachment; filename="kennzahlen.csv"'
    assert response.content.decode("utf-8") == "\ufeffZone,Wartezeit\r\nA,'=1+1\r\n"
