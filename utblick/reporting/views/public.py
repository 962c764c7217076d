"""The public page about the municipality's international work (E5, F1): no sign-in.

It shows only the public edition of a report the executive office has approved and
published: key figures and charts, goals, memberships, twin towns and partnerships,
finished projects and their results. Never drafts, unit reports, obligations, matters,
internal notes, archived records or people's e-mail addresses.
"""

from django.http import Http404
from django.shortcuts import render

from utblick.core.access import public
from utblick.reporting import selectors
from utblick.reporting.document import document_from_json


@public
def page(request, code: str):
    municipality = selectors.tenant_by_code(code)
    if municipality is None:
        raise Http404("no such municipality in Utblick")
    publications = selectors.published_years(municipality)
    chosen = publications[0] if publications else None
    wanted = request.GET.get("ar", "")
    if wanted.isdigit():
        chosen = next((p for p in publications if p.year == int(wanted)), None)
        if chosen is None:
            raise Http404("no published report for that year")
    data = selectors.public_edition(municipality, chosen) if chosen else None
    document = document_from_json(data) if data else None
    context = {
        "municipality": municipality,
        "terms": municipality.terms,
        "publications": publications,
        "publication": chosen,
        "document": document,
    }
    return render(request, "reporting/public.html", context)
