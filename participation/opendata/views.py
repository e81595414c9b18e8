"""The open data pages: /data/ lists every dataset with its fields, licence, update frequency and
formats; /data/<office>/ an office's share; downloads stream CSV (UTF-8 with a byte-order mark, so
Excel reads Thai) and JSON Lines page by page; /data/catalog.jsonld is the DCAT catalogue; and
/api/v1/docs/ documents the API from the same registry as its schema."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from participation import ratelimit
from participation.access import access_public_office
from participation.datasets import Filters, dataset, datasets
from participation.models import Office
from participation.opendata import catalog
from participation.opendata.api import API_SCOPE, schema
from participation.opendata.reading import DEFAULT_LIMIT, MAX_LIMIT, csv_stream, jsonl_stream

FORMATS = {
    "csv": ("text/csv; charset=utf-8", csv_stream),
    "jsonl": ("application/jsonl; charset=utf-8", jsonl_stream),
}


def site_of(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def context(**extra) -> dict:
    return {
        "licence_url": settings.OPEN_DATA_LICENSE_URL,
        "licence_name": settings.OPEN_DATA_LICENSE_NAME,
        "max_limit": MAX_LIMIT,
        "default_limit": DEFAULT_LIMIT,
        **extra,
    }


@require_safe
def index(request):
    return render(
        request,
        "opendata/index.html",
        context(
            datasets=datasets(), offices=Office.objects.active().only("slug", "name_th", "name_en").order_by("name_th")
        ),
    )


@require_safe
def office_index(request, office):
    office = access_public_office(office)
    return render(
        request,
        "opendata/office.html",
        context(office=office, datasets=[item for item in datasets() if item.per_office]),
    )


def stream(request, key: str, extension: str, office=None):
    found = dataset(key)
    if found is None or extension not in FORMATS or (office is not None and not found.per_office):
        raise Http404("No such dataset")
    if not ratelimit.allow(API_SCOPE, ratelimit.client_address(request)):
        response = HttpResponse(_("Too many downloads from this address; try again later."), content_type="text/plain")
        return ratelimit.refused(response, ratelimit.retry_after(API_SCOPE))
    content_type, make = FORMATS[extension]
    response = StreamingHttpResponse(make(found, Filters(office=office), site_of(request)), content_type=content_type)
    name = f"{office.slug}-{key}" if office is not None else key
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_safe
def download(request, key: str, extension: str):
    return stream(request, key, extension)


@require_safe
def office_download(request, office, key: str, extension: str):
    return stream(request, key, extension, office=access_public_office(office))


@require_safe
def catalogue(request):
    text = request.GET.get("page", "1")
    if set(request.GET) - {"page"} or not text.isdigit() or int(text) < 1:
        return JsonResponse(
            {"error": {"code": "invalid_parameter", "message": "Give page as a number from 1.", "parameter": "page"}},
            status=400,
        )
    page = int(text)
    start = (page - 1) * catalog.OFFICES_PER_PAGE
    offices = list(Office.objects.active().order_by("pk")[start : start + catalog.OFFICES_PER_PAGE + 1])
    if page > 1 and not offices:
        raise Http404("No such page")
    document = catalog.catalogue(
        site_of(request),
        offices[: catalog.OFFICES_PER_PAGE],
        page=page,
        has_next=len(offices) > catalog.OFFICES_PER_PAGE,
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False}, content_type="application/ld+json")
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_safe
def api_docs(request):
    site = site_of(request)
    return render(request, "opendata/api_docs.html", context(datasets=datasets(), site=site))


@require_safe
def openapi(request):
    response = JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response
