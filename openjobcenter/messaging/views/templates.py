"""Staff-facing: answer templates of the Jobcenter (team leads and admins)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from openjobcenter.accounts.decorators import permission_required
from openjobcenter.messaging.forms import AnswerTemplateForm
from openjobcenter.messaging.models import AnswerTemplate
from openjobcenter.messaging.services.answer_templates import MANAGE, delete_template, save_template


def _template(request: HttpRequest, pk: int) -> AnswerTemplate:
    found = AnswerTemplate.objects.for_tenant(request.jobcenter).filter(pk=pk).first()  # type: ignore[attr-defined]
    if found is None:
        raise Http404
    return found


def _duplicate(request: HttpRequest, form: AnswerTemplateForm, exclude: int | None = None) -> bool:
    title = form.cleaned_data["title"].strip()
    same = AnswerTemplate.objects.for_tenant(request.jobcenter).filter(title__iexact=title)  # type: ignore[attr-defined]
    if exclude is not None:
        same = same.exclude(pk=exclude)
    if same.exists():
        form.add_error("title", _("Eine Vorlage mit dieser Bezeichnung gibt es schon."))
        return True
    return False


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def template_list(request: HttpRequest) -> HttpResponse:
    jobcenter = request.jobcenter  # type: ignore[attr-defined]
    form = AnswerTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _duplicate(request, form):
        save_template(
            actor=request.user,  # type: ignore[arg-type]
            jobcenter=jobcenter,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            request=request,
        )
        messages.success(request, _("Die Vorlage ist gespeichert."))
        return redirect("messaging:templates", jobcenter=jobcenter.slug)
    templates = AnswerTemplate.objects.for_tenant(jobcenter).select_related("updated_by")
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/staff/templates.html", {"form": form, "templates": templates}, status=status)


@require_http_methods(["GET", "POST"])
@permission_required(MANAGE)
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    form = AnswerTemplateForm(request.POST or None, initial={"title": template.title, "body": template.body})
    if request.method == "POST" and form.is_valid() and not _duplicate(request, form, exclude=template.pk):
        save_template(
            actor=request.user,  # type: ignore[arg-type]
            jobcenter=template.jobcenter,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            template=template,
            request=request,
        )
        messages.success(request, _("Die Vorlage ist gespeichert."))
        return redirect("messaging:templates", jobcenter=template.jobcenter.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "messaging/staff/template_edit.html", {"form": form, "template": template}, status=status)


@require_POST
@permission_required(MANAGE)
def template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    delete_template(actor=request.user, template=template, request=request)  # type: ignore[arg-type]
    messages.success(request, _("Die Vorlage „%(title)s“ ist gelöscht.") % {"title": template.title})
    return redirect("messaging:templates", jobcenter=template.jobcenter.slug)
