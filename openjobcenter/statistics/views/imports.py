"""Admin page: upload a CSV of labour-market figures and see the import report; set the districts.

The figures are shared reference data of all Jobcenters; the districts belong to this Jobcenter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.statistics.forms_imports import DistrictsForm, LabourMarketUploadForm
from openjobcenter.statistics.models import LabourMarketImport
from openjobcenter.statistics.services.districts import known_districts, set_districts
from openjobcenter.statistics.services.importing import ImportReport, import_labour_market
from openjobcenter.statistics.services.report import jobcenter_districts

if TYPE_CHECKING:
    from openjobcenter.accounts.models import User
    from openjobcenter.core.models import Jobcenter

TEMPLATE = "statistics/imports/upload.html"
RECENT_IMPORTS = 10


def _context(
    jobcenter: Jobcenter,
    *,
    upload: LabourMarketUploadForm,
    districts: DistrictsForm,
    report: ImportReport | None = None,
) -> dict[str, object]:
    names = known_districts()
    current = jobcenter_districts(jobcenter)
    return {
        "form": upload,
        "districts_form": districts,
        "report": report,
        "current_districts": [(ags, names.get(ags, "")) for ags in current],
        "recent_imports": LabourMarketImport.objects.select_related("created_by")[:RECENT_IMPORTS],
    }


@require_http_methods(["GET", "POST"])
@permission_required("statistics.import_labour_market")
def import_upload(request: HttpRequest) -> HttpResponse:
    jobcenter: Jobcenter = request.jobcenter  # type: ignore[attr-defined]
    actor = cast("User", request.user)
    current = ", ".join(jobcenter_districts(jobcenter))
    if request.method == "POST" and "districts" in request.POST:
        return _save_districts(request, jobcenter, actor)
    districts = DistrictsForm(initial={"districts": current})
    if request.method != "POST":
        return render(request, TEMPLATE, _context(jobcenter, upload=LabourMarketUploadForm(), districts=districts))
    upload = LabourMarketUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return render(request, TEMPLATE, _context(jobcenter, upload=upload, districts=districts), status=400)
    file = upload.cleaned_data["file"]
    report = import_labour_market(
        file.read(),
        filename=file.name or "upload.csv",
        actor=actor,
        strict=upload.cleaned_data["strict"],
        source=upload.cleaned_data["source"],
    )
    status = 200 if report.ok else 400
    fresh = LabourMarketUploadForm()
    return render(
        request, TEMPLATE, _context(jobcenter, upload=fresh, districts=districts, report=report), status=status
    )


def _save_districts(request: HttpRequest, jobcenter: Jobcenter, actor: User) -> HttpResponse:
    districts = DistrictsForm(request.POST)
    if districts.is_valid():
        try:
            changed = set_districts(jobcenter, districts.cleaned_data["districts"], actor=actor, request=request)
        except ValidationError as error:
            districts.add_error("districts", error)
        else:
            messages.success(
                request, _("Die Kreise wurden gespeichert.") if changed else _("Sie haben nichts geändert.")
            )
            return redirect(reverse("statistics_import", kwargs={"jobcenter": jobcenter.slug}) + "#main")
    context = _context(jobcenter, upload=LabourMarketUploadForm(), districts=districts)
    return render(request, TEMPLATE, context, status=400)
