"""Facts the legal pages (accessibility statement, privacy notice, imprint) rely on.

Public bodies outside the Jobcenter are named with their published contact details. A Jobcenter
whose case differs (a zugelassener kommunaler Träger answers to its Land) enters its own text
in the settings; these are only the defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from openjobcenter.core.models import Jobcenter, OrganisationType

# The date of the self-assessment this software's statement is based on. A Jobcenter that has
# its portal audited (BITV-Test) enters the audit date in its settings instead.
SELF_ASSESSMENT_DATE = dt.date(2026, 11, 22)


@dataclass(frozen=True)
class PublicBody:
    name: str
    street: str
    city: str
    phone: str
    email: str
    website: str

    @property
    def phone_link(self) -> str:
        return "+49" + "".join(ch for ch in self.phone.lstrip("0") if ch.isdigit())


# The conciliation body for accessibility disputes with federal public bodies (§ 16 BGG).
BGG_CONCILIATION_BODY = PublicBody(
    name=(
        "Schlichtungsstelle nach dem Behindertengleichstellungsgesetz bei dem Beauftragten der "
        "Bundesregierung für die Belange von Menschen mit Behinderungen"
    ),
    street="Mauerstraße 53",
    city="10117 Berlin",
    phone="030 18 527-2805",
    email="info@schlichtungsstelle-bgg.de",
    website="https://www.schlichtungsstelle-bgg.de",
)

# Data protection supervision of the joint institutions (gemeinsame Einrichtungen, § 50 Abs. 4 SGB II).
FEDERAL_DATA_PROTECTION_COMMISSIONER = PublicBody(
    name="Die Bundesbeauftragte für den Datenschutz und die Informationsfreiheit (BfDI)",
    street="Graurheindorfer Straße 153",
    city="53117 Bonn",
    phone="0228 997799-0",
    email="poststelle@bfdi.bund.de",
    website="https://www.bfdi.bund.de",
)


def statement_date(jobcenter: Jobcenter) -> dt.date:
    return jobcenter.accessibility_statement_date or SELF_ASSESSMENT_DATE


def uses_federal_data_protection_commissioner(jobcenter: Jobcenter) -> bool:
    """Joint institutions are supervised by the BfDI unless the Jobcenter entered another authority."""
    return jobcenter.organisation_type == OrganisationType.JOINT and not jobcenter.data_protection_authority.strip()
