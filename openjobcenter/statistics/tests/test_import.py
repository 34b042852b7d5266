"""Importing the monthly CSV: formats the Bundesagentur uses, and bad input reported, never half-imported."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from openjobcenter.audit.models import AuditEntry
from openjobcenter.statistics.models import LabourMarketFigure, LabourMarketImport
from openjobcenter.statistics.services.importing import import_labour_market
from openjobcenter.statistics.tests.labour_market_data import HEADER, bergstrasse_csv

pytestmark = pytest.mark.django_db

ROW = '06431,"Bergstraße, Landkreis",Hessen,2022-02,4868,2660,147900'


def run(text: str, *, encoding: str = "utf-8", **options):
    return import_labour_market(text.encode(encoding), filename="test.csv", **options)


def test_it_imports_a_file_in_one_go():
    report = run(bergstrasse_csv())

    assert report.ok
    assert report.imported == LabourMarketFigure.objects.count() == 29
    assert report.months == ["2021-02", "2022-01", "2022-02"]
    assert LabourMarketImport.objects.get().imported == 29
    assert AuditEntry.all_tenants.filter(action="statistics.labour_market_imported").count() == 1


def test_it_reads_latin1_with_semicolons_and_german_thousands():
    text = HEADER.replace(",", ";") + "\n" + "06431;Bergstraße, Landkreis;Hessen;2022-02;4.868;2.660;147.900\n"

    report = run(text, encoding="latin-1")

    assert report.ok, report.errors
    assert (report.encoding, report.delimiter) == ("Windows-1252", ";")
    figure = LabourMarketFigure.objects.get()
    assert (figure.region, figure.unemployed, figure.civilian_labour_force) == ("Bergstraße, Landkreis", 4868, 147900)


def test_it_accepts_a_byte_order_mark_and_columns_in_any_order():
    text = "\ufeffmonth,ags,state,region,civilian_labour_force,unemployed_sgb2,unemployed\n2022-02,6431,Hessen,Bergstraße,147900,2660,4868\n"

    report = run(text)

    assert report.ok, report.errors
    assert LabourMarketFigure.objects.get().ags == "06431"  # the spreadsheet's lost leading zero


def test_it_reads_excels_unicode_text():
    report = run(
        f"{HEADER}\n{ROW}\n".replace(",", "\t").replace('"Bergstraße\tLandkreis"', "Bergstraße"), encoding="utf-16"
    )

    assert report.ok, report.errors
    assert (report.encoding, report.delimiter) == ("UTF-16", "\t")


def test_binary_garbage_is_reported_not_raised():
    report = import_labour_market(bytes(range(256)) * 40, filename="bild.png")

    assert not report.ok
    assert not LabourMarketFigure.objects.exists()


def test_missing_columns_import_nothing_and_say_which():
    report = run("ags,region,month,unemployed\n06431,Bergstraße,2022-02,4868\n")

    assert not report.ok
    assert "state" in report.errors[0] and "civilian_labour_force" in report.errors[0]
    assert not LabourMarketFigure.objects.exists()
    assert not LabourMarketImport.objects.exists()


def test_a_genesis_export_is_recognised_as_the_wrong_layout():
    text = "GENESIS-Tabelle: 13211-02-05-4\n;;;Arbeitslose;Arbeitslose\n2020;06431;Bergstraße;6062;2108\n"

    report = run(text, encoding="latin-1")

    assert not report.ok
    assert "Es fehlen Spalten" in report.errors[0]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ("4868,*,147900", None),  # SGB II suppressed: imported without the SGB II rate
        ("*,2660,147900", "gesperrt"),
        ("-,2660,147900", "gesperrt"),
        ("viele,2660,147900", "keine ganze Zahl"),
        ("4868,2660,", "leer"),
        ("4868,2660,0", "nicht 0"),
        ("4868,5000,147900", "SGB II"),
        ("200000,2660,147900", "Mehr Arbeitslose"),
        ("48.68,2660,147900", "keine ganze Zahl"),
    ],
)
def test_bad_cells_skip_the_row_with_a_reason(cells, reason):
    good = '06432,"Darmstadt-Dieburg, Landkreis",Hessen,2022-02,5000,2500,160000'
    text = f'{HEADER}\n06431,"Bergstraße, Landkreis",Hessen,2022-02,{cells}\n{good}\n'

    report = run(text)

    assert report.ok
    if reason is None:
        assert report.imported == 2
        assert LabourMarketFigure.objects.get(ags="06431").unemployed_sgb2 is None
        assert any("SGB-II" in note for note in report.notes)
    else:
        assert report.imported == 1
        assert [row.line for row in report.skipped] == [2]
        assert reason in report.skipped[0].reason
        assert list(LabourMarketFigure.objects.values_list("ags", flat=True)) == ["06432"]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ('6431x,"Bergstraße",Hessen,2022-02,1,1,10', "Ziffern"),
        ('06431,"Bergstraße",Hessen,Feb 2022,1,1,10', "JJJJ-MM"),
        ('06431,"Bergstraße",Hessen,2022-13,1,1,10', "JJJJ-MM"),
        ('06431,"",Hessen,2022-02,1,1,10', "nicht leer"),
        ("06431,Bergstraße", "leer"),
    ],
)
def test_bad_keys_skip_the_row(row, reason):
    report = run(f"{HEADER}\n{row}\n")

    assert not report.ok  # nothing left to import
    assert reason in report.skipped[0].reason
    assert not LabourMarketFigure.objects.exists()


def test_a_repeated_district_and_month_is_skipped():
    report = run(f"{HEADER}\n{ROW}\n{ROW.replace('4868', '4999')}\n")

    assert report.imported == 1
    assert "schon weiter oben" in report.skipped[0].reason
    assert LabourMarketFigure.objects.get().unemployed == 4868


def test_strict_mode_imports_nothing_when_a_row_is_bad():
    report = run(f"{HEADER}\n{ROW}\n06432,Darmstadt-Dieburg,Hessen,2022-02,*,1,10\n", strict=True)

    assert not report.ok
    assert "strengen Modus" in report.errors[0]
    assert not LabourMarketFigure.objects.exists()


def test_reimporting_a_month_replaces_it():
    run(f"{HEADER}\n{ROW}\n")

    report = run(f"{HEADER}\n{ROW.replace('4868', '4870')}\n")

    assert (report.imported, report.replaced) == (1, 1)
    assert LabourMarketFigure.objects.get().unemployed == 4870


def test_a_month_without_its_previous_year_month_is_noted():
    report = run(f"{HEADER}\n{ROW}\n")

    assert any("fehlt der Vorjahresmonat 2021-02" in note for note in report.notes)


def test_nothing_is_kept_when_writing_fails(monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("openjobcenter.statistics.services.importing.log_change", fail)

    with pytest.raises(RuntimeError):
        run(bergstrasse_csv())

    assert not LabourMarketFigure.objects.exists()
    assert not LabourMarketImport.objects.exists()


@pytest.mark.parametrize("data", [b"", b"\n\n", HEADER.encode() + b"\n"])
def test_an_empty_file_is_reported(data):
    report = import_labour_market(data, filename="empty.csv")

    assert not report.ok
    assert report.errors


def test_the_command_prints_the_report(tmp_path: Path):
    path = tmp_path / "februar.csv"
    path.write_text(f"{HEADER}\n{ROW}\n06432,x,Hessen,2022-02,*,1,10\n", encoding="latin-1")
    out = StringIO()

    call_command("import_labour_market", str(path), stdout=out)

    assert "Imported: 1 rows" in out.getvalue()
    assert "Skipped line 3" in out.getvalue()
    assert LabourMarketFigure.objects.get().month == dt.date(2022, 2, 1)


def test_the_command_fails_clearly_on_a_bad_file(tmp_path: Path):
    path = tmp_path / "wrong.csv"
    path.write_text("a;b\n1;2\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_labour_market", str(path), stderr=err)

    assert "Es fehlen Spalten" in err.getvalue()


def test_the_command_says_when_the_file_is_missing(tmp_path: Path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_labour_market", str(tmp_path / "nope.csv"))
