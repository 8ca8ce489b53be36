"""The desk dashboard page and each figure's CSV. Both read the stored figures only (the summary
table the beat task fills); the page queues a refresh when a figure has never been computed."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import perm_required

from . import selectors, services

VIEW_PERM = "desk.view_dashboard"


@require_GET
@perm_required(VIEW_PERM)
def dashboard(request: HttpRequest) -> HttpResponse:
    figures = selectors.stored_figures()
    pending = len(figures) < len(selectors.FIGURES)
    if pending:
        services.request_refresh()  # eager Celery (no broker) computes them now; a worker does it soon
        figures = selectors.stored_figures()
        pending = len(figures) < len(selectors.FIGURES)
    computed = [f.computed_at for f in figures]
    return render(request, "desk/dashboard.html", {
        "figures": figures, "pending": pending,
        "oldest": min(computed) if computed else None, "refresh_seconds": services.refresh_interval_seconds(),
    })


@require_POST
@perm_required(VIEW_PERM)
def refresh(request: HttpRequest) -> HttpResponse:
    if services.request_refresh():
        messages.info(request, "The figures are being recomputed; reload the page in a minute.")
    else:
        messages.error(request, "The task queue cannot be reached; the figures will be recomputed when it is back.")
    return redirect("desk-dashboard")


@require_GET
@perm_required(VIEW_PERM)
def figure_csv(request: HttpRequest, key: str) -> HttpResponse:
    figure = selectors.stored_figure(key)
    if figure is None:
        raise Http404("No such figure, or it has not been computed yet.")
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([col for col, _heading in figure.columns])
    writer.writerows(["" if v is None else v for v in row] for row in figure.rows)
    response = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (f'attachment; filename="dashboard-{key}-'
                                       f'{figure.computed_at:%Y%m%dT%H%M}.csv"')
    return response
