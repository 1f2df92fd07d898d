"""CAF flows: the imports history, the upload screen, an import's report and progress."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRefresh

from relais.rsa import policy
from relais.rsa.caf.progress import read_progress
from relais.rsa.caf.records import FlowRefused
from relais.rsa.forms.flows import FlowUploadForm
from relais.rsa.models import CafFlow
from relais.rsa.models.flows import ImportStatus
from relais.rsa.services.flows import receive_upload

FLOWS_PER_PAGE = 25
RUNNING = {ImportStatus.PENDING, ImportStatus.RUNNING}


def _flows(request):
    if not policy.can_import(request.user):
        raise Http404
    return CafFlow.objects.filter(
        departement_id=request.user.membership.organisation.departement_id
    )


@require_GET
def flow_list(request):
    flows = _flows(request).select_related("imported_by")
    page = Paginator(flows, FLOWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "rsa/flows/list.html", {"page": page, "flows": page.object_list})


@require_http_methods(["GET", "POST"])
def flow_upload(request):
    _flows(request)
    posted = request.method == "POST"
    form = FlowUploadForm(request.POST, request.FILES) if posted else FlowUploadForm()
    if posted and form.is_valid():
        try:
            flow, is_new = receive_upload(user=request.user, uploaded=form.cleaned_data["file"])
        except FlowRefused as refusal:
            form.add_error("file", str(refusal))
        else:
            if is_new:
                messages.success(
                    request, "Le fichier est déposé : l'import se déroule en arrière-plan."
                )
            else:
                messages.info(
                    request,
                    f"Ce fichier a déjà été déposé le {flow.created_at:%d/%m/%Y} : le déposer "
                    "à nouveau ne change rien.",
                )
            return redirect("rsa:flow_detail", flow_uuid=flow.uuid)
    return render(request, "rsa/flows/upload.html", {"form": form})


@require_GET
def flow_detail(request, flow_uuid):
    flow = get_object_or_404(_flows(request).select_related("imported_by"), uuid=flow_uuid)
    return render(
        request,
        "rsa/flows/detail.html",
        {
            "flow": flow,
            "report": flow.report,
            "running": flow.status in RUNNING,
            "progress": read_progress(flow),
        },
    )


@require_GET
def flow_progress(request, flow_uuid):
    """The progress bar, polled by htmx; once the import is over, the whole page reloads."""
    flow = get_object_or_404(_flows(request), uuid=flow_uuid)
    if not request.htmx:
        return redirect("rsa:flow_detail", flow_uuid=flow.uuid)
    if flow.status not in RUNNING:
        return HttpResponseClientRefresh()
    return render(
        request, "rsa/flows/_progress.html", {"flow": flow, "progress": read_progress(flow)}
    )
