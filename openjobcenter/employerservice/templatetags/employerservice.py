"""``{% subsidy_targets_summary %}``: the current targets' progress, for the statistics pages."""

from __future__ import annotations

from typing import Any

from django import template

from openjobcenter.employerservice.services import targets

register = template.Library()


@register.inclusion_tag("employerservice/_targets_summary.html", takes_context=True)
def subsidy_targets_summary(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    jobcenter = getattr(request, "jobcenter", None)
    user = getattr(request, "user", None)
    if jobcenter is None or user is None or not user.has_perm("employerservice.view_targets"):
        return {"progress_list": [], "jobcenter": jobcenter}
    listed = [targets.progress(target) for target in targets.current_targets(jobcenter)[:3]]
    return {"progress_list": listed, "jobcenter": jobcenter}
