"""The read-only public API, /api/v1/, built with django-ninja: each registered dataset is a
resource with the filters it names, cursor pagination and a response schema made from its columns,
so the OpenAPI schema (/api/v1/openapi.json) documents exactly what leaves.

Every mistake in a request (an unknown filter, a malformed date or cursor, a page size past the
limit, an `Accept` the API cannot answer) is a 400 with a JSON body naming it; too many requests
from one address a 429 with Retry-After. Responses carry an ETag (ConditionalGetMiddleware), so
a client that sends If-None-Match gets 304 when nothing changed.
"""

import datetime
from typing import Literal
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils import translation
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from pydantic import ConfigDict, Field, create_model

from participation import datasets as registry
from participation import freshness, ratelimit
from participation.datasets import Column, Dataset
from participation.opendata.reading import DEFAULT_LIMIT, MAX_LIMIT, Problem, encode_cursor, read_filters, shaped

API_SCOPE = "api"
API_SECONDS = 300
API_QUERY = ("office", "fiscal_year", "kind", "updated_since", "cursor", "limit")
JSON_TYPES = {"*/*", "application/*", "application/json"}
PLAIN = {
    "string": str,
    "text": str,
    "url": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": datetime.date,
    "datetime": datetime.datetime,
    "object": dict,
}


class Label(Schema):
    """A coded value with its labels."""

    code: str
    th: str = Field(description="Thai label")
    en: str = Field(description="English label")


class ErrorDetail(Schema):
    code: str = Field(description="What is wrong, e.g. unknown_parameter, invalid_cursor, invalid_limit")
    message: str
    parameter: str | None = Field(None, description="The parameter at fault")


class Error(Schema):
    error: ErrorDetail


class Resource(Schema):
    name: str
    title: str
    description: str
    url: str
    csv: str
    jsonl: str


class Index(Schema):
    resources: list[Resource]
    openapi: str
    docs: str
    data: str
    catalog: str


def model_name(key: str, suffix: str = "") -> str:
    return "".join(part.capitalize() for part in key.replace("_", "-").split("-")) + suffix


def python_type(owner: str, column: Column):
    if column.type == "code":
        kind = Label
    elif column.type == "list" and column.columns:
        kind = list[model_of(owner + model_name(column.name), column.columns)]
    elif column.type == "list":
        kind = list[Label] if column.item == "code" else list[PLAIN[column.item]]
    else:
        kind = PLAIN[column.type]
    return kind | None if column.nullable else kind


def model_of(name: str, columns) -> type:
    fields = {
        column.name: (python_type(name, column), Field(description=str(column.description))) for column in columns
    }
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def params_of(dataset: Dataset) -> type:
    """The query parameters of a dataset's resource, for the schema; `read_filters` checks them."""
    fields = {}
    if "office" in dataset.filters:
        fields["office"] = (str | None, Field(None, description="Short name of an office, e.g. singburi"))
    if "fiscal_year" in dataset.filters:
        fields["fiscal_year"] = (
            int | None,
            Field(None, ge=2500, le=2700, description="Fiscal year in the Buddhist era, e.g. 2568"),
        )
    if "kind" in dataset.filters:
        fields["kind"] = (Literal[tuple(dataset.kinds.values)] | None, Field(None, description="One kind"))
    if "updated_since" in dataset.filters:
        fields["updated_since"] = (
            str | None,
            Field(None, description="Only records changed since this ISO 8601 date or time (Thai time if no zone)"),
        )
    fields["cursor"] = (str | None, Field(None, description="The next_cursor of the page before"))
    fields["limit"] = (int, Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Records per page"))
    return create_model(model_name(dataset.key, "Params"), **fields)


def answerable(request) -> bool:
    """Whether the request accepts JSON (or says nothing of what it accepts)."""
    accepted = {part.split(";")[0].strip().lower() for part in request.headers.get("Accept", "").split(",")}
    accepted.discard("")
    return not accepted or bool(accepted & JSON_TYPES)


def check(request) -> None:
    """What every request of the API passes first: an Accept it can answer, and the rate limit."""
    if not answerable(request):
        raise Problem("not_acceptable", "This API answers application/json only.", parameter="Accept")
    if not ratelimit.allow(API_SCOPE, ratelimit.client_address(request)):
        raise Problem("rate_limited", "Too many requests from this address; try again later.", status=429)


api = NinjaAPI(
    title="Participation portal open data API",
    version="1",
    description=(
        "Read-only public data of the participation portal: offices, stakeholder groups, announcements, "
        "meetings with attendance by group, published feedback answers, feedback figures, plans and approved "
        "summaries. Coded values come with Thai and English labels. Pages follow next_cursor."
    ),
    urls_namespace="api",
    # The schema and the documentation are served by views.py, which answer GET and HEAD only.
    openapi_url=None,
    docs_url=None,
)


@api.exception_handler(Problem)
def problem(request, error: Problem):
    response = api.create_response(request, error.body(), status=error.status)
    if error.status == 429:
        response["Retry-After"] = str(ratelimit.retry_after(API_SCOPE))
    return response


@api.exception_handler(ValidationError)
def invalid(request, error: ValidationError):
    first = error.errors[0] if error.errors else {}
    location = [str(part) for part in first.get("loc", ()) if part not in {"query", "params"}]
    parameter = location[-1] if location else ""
    message = f"{parameter}: {first.get('msg', 'invalid')}" if parameter else "Invalid request."
    return api.create_response(request, Problem("invalid_parameter", message, parameter=parameter).body(), status=400)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def site_of(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@api.get("/", response={200: Index, 400: Error, 429: Error}, url_name="index", summary="The resources")
def index(request, response: HttpResponse):
    check(request)
    if request.GET:
        raise Problem("unknown_parameter", "This address takes no parameters.", parameter=next(iter(request.GET)))
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return {
        "resources": [
            {
                "name": dataset.key,
                "title": str(dataset.title),
                "description": str(dataset.description),
                "url": absolute(request, f"{request.path}{dataset.key}/"),
                "csv": absolute(request, f"/data/{dataset.key}.csv"),
                "jsonl": absolute(request, f"/data/{dataset.key}.jsonl"),
            }
            for dataset in registry.datasets()
        ],
        "openapi": absolute(request, f"{request.path}openapi.json"),
        "docs": absolute(request, f"{request.path}docs/"),
        "data": absolute(request, "/data/"),
        "catalog": absolute(request, "/data/catalog.jsonld"),
    }


def add_resource(dataset: Dataset) -> None:
    name = model_name(dataset.key)
    with translation.override("en"):
        row = model_of(name, dataset.columns)
        params = params_of(dataset)
    page = create_model(
        name + "Page",
        data=(list[row], Field(description="The records of this page, in key order")),
        next_cursor=(str | None, Field(description="Give it as `cursor` for the next page; null on the last")),
        next=(str | None, Field(description="The address of the next page; null on the last")),
    )

    def view(request, response: HttpResponse, params: Query[params]):
        check(request)
        filters, after, limit = read_filters(dataset, request.GET)
        found = dataset.read(filters=filters, after=after, limit=limit + 1)
        more = len(found) > limit
        found = found[:limit]
        site = site_of(request)
        cursor = encode_cursor(found[-1][0]) if more else None
        following = None
        if cursor:
            query = {key: value for key, value in request.GET.items() if key != "cursor"}
            following = absolute(request, f"{request.path}?{urlencode({**query, 'cursor': cursor})}")
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return {
            "data": [shaped(dataset, values, site) for _key, values in found],
            "next_cursor": cursor,
            "next": following,
        }

    view.__name__ = f"list_{dataset.key.replace('-', '_')}"
    # Pages of a resource come from the page cache like the pages of the site (a kept page is not
    # counted against the rate limit): replaced at once by the writes behind them, and at most
    # API_SECONDS late for what no write announces (messages arriving, which the figures count).
    freshness.register_public_pages(f"api:{dataset.key}", timeout=API_SECONDS, query=API_QUERY, condition=answerable)
    with translation.override("en"):
        api.get(
            f"/{dataset.key}/",
            response={200: page, 400: Error, 429: Error},
            url_name=dataset.key,
            summary=str(dataset.title),
            description=str(dataset.description),
            tags=[dataset.key],
        )(view)


def build() -> list:
    """The URL patterns of the API's resources, one per registered dataset."""
    for dataset in registry.datasets():
        add_resource(dataset)
    # Ninja's extra root pattern only serves to reverse the root; the index answers there.
    return [pattern for pattern in api.urls[0] if pattern.name != "api-root"]


def schema() -> dict:
    return api.get_openapi_schema(path_prefix="/api/v1/")
