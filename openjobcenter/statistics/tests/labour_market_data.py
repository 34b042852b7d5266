"""Test data: the Kreis Bergstraße's February release, as CSV in the import format.

The article gives the district's figures ("4.868 Personen … um 2,7 Prozent (134 Personen) gesunken
… Vorjahresmonat … um rund 24,3 Prozent … Arbeitslosenquote 3,3 Prozent (Vorjahr 4,3 Prozent) …
Hessen 4,7 Prozent … zweitniedrigste … SGB II 1,8 Prozent (Vorjahr 2,0) … Hessen 3,0"). The counts
it does not print (labour force, SGB II counts, the other districts) are chosen to be consistent
with it: only Fulda has a lower rate, the Land total gives 4,7 and 3,0 Prozent.
"""

from __future__ import annotations

HEADER = "ags,region,state,month,unemployed,unemployed_sgb2,civilian_labour_force"

# (ags, region, rate in tenths of a percent) of the other Hessian districts in February 2022.
OTHER_HESSIAN_DISTRICTS = [
    ("06411", "Darmstadt, kreisfreie Stadt", 52),
    ("06412", "Frankfurt am Main, kreisfreie Stadt", 61),
    ("06413", "Offenbach am Main, kreisfreie Stadt", 84),
    ("06414", "Wiesbaden, kreisfreie Stadt", 66),
    ("06432", "Darmstadt-Dieburg, Landkreis", 38),
    ("06433", "Groß-Gerau, Landkreis", 50),
    ("06434", "Hochtaunuskreis", 35),
    ("06435", "Main-Kinzig-Kreis", 43),
    ("06436", "Main-Taunus-Kreis", 36),
    ("06437", "Odenwaldkreis", 41),
    ("06438", "Offenbach, Landkreis", 46),
    ("06439", "Rheingau-Taunus-Kreis", 42),
    ("06440", "Wetteraukreis", 40),
    ("06531", "Gießen, Landkreis", 54),
    ("06532", "Lahn-Dill-Kreis", 47),
    ("06533", "Limburg-Weilburg, Landkreis", 44),
    ("06534", "Marburg-Biedenkopf, Landkreis", 39),
    ("06535", "Vogelsbergkreis", 37),
    ("06611", "Kassel, kreisfreie Stadt", 79),
    ("06631", "Fulda, Landkreis", 30),
    ("06632", "Hersfeld-Rotenburg, Landkreis", 41),
    ("06633", "Kassel, Landkreis", 38),
    ("06634", "Schwalm-Eder-Kreis", 40),
    ("06635", "Waldeck-Frankenberg, Landkreis", 36),
    ("06636", "Werra-Meißner-Kreis", 55),
]

BERGSTRASSE_ROWS = [
    '06431,"Bergstraße, Landkreis",Hessen,2021-02,6431,2980,149000',
    '06431,"Bergstraße, Landkreis",Hessen,2022-01,5002,2700,147900',
    '06431,"Bergstraße, Landkreis",Hessen,2022-02,4868,2660,147900',
    # The Land's total: 163.000 ÷ 3.468.000 = 4,70 %, 104.000 ÷ 3.468.000 = 2,999 % → 3,0 %.
    "06,Hessen,Hessen,2022-02,163000,104000,3468000",
]


def other_rows(month: str = "2022-02") -> list[str]:
    rows = []
    for ags, region, tenths in OTHER_HESSIAN_DISTRICTS:
        labour_force = 100_000
        unemployed = tenths * 100  # tenths of a percent of 100.000
        quoted = f'"{region}"' if "," in region else region
        rows.append(f"{ags},{quoted},Hessen,{month},{unemployed},{unemployed * 6 // 10},{labour_force}")
    return rows


def bergstrasse_csv() -> str:
    return "\n".join([HEADER, *BERGSTRASSE_ROWS, *other_rows()]) + "\n"
