"""The DCAT catalogue of the open data, as JSON-LD, for harvesters such as CKAN's (data.go.th):
each national dataset, and each office's share of it, with its distributions (CSV, JSON Lines and
the API). Offices come a page at a time (Hydra paging, which CKAN's DCAT harvester follows), so
the document stays the same size however many offices there are."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from participation.datasets import Dataset, datasets

TITLE = _("Open data of the participation portal")
DESCRIPTION = _(
    "Public records of Thai public offices' participation work: offices, stakeholder groups, announcements, "
    "meetings with attendance by group, published answers to feedback, feedback figures, plans and approved "
    "yearly summaries."
)
PORTAL = _("Participation portal")


def publisher_name():
    return settings.OPEN_DATA_PUBLISHER or PORTAL


OFFICES_PER_PAGE = 50
FREQUENCIES = {
    "daily": "http://purl.org/cld/freq/daily",
    "weekly": "http://purl.org/cld/freq/weekly",
    "monthly": "http://purl.org/cld/freq/monthly",
    "annual": "http://purl.org/cld/freq/annual",
}
MEDIA_TYPES = {
    "csv": ("CSV", "text/csv"),
    "jsonl": ("JSONL", "application/jsonl"),
}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def both(text) -> list[dict]:
    """A translatable text in Thai and in English, as language-tagged JSON-LD values."""
    values = []
    for language in ("th", "en"):
        with translation.override(language):
            values.append({"@language": language, "@value": str(text)})
    return values


def office_names(office) -> list[dict]:
    return [
        {"@language": "th", "@value": office.name_th},
        {"@language": "en", "@value": office.name_en or office.name_th},
    ]


def distribution(site: str, dataset: Dataset, path: str, api_query: str) -> list[dict]:
    licence = {"@id": settings.OPEN_DATA_LICENSE_URL}
    found = []
    for extension, (name, media_type) in MEDIA_TYPES.items():
        url = f"{site}{path}.{extension}"
        found.append(
            {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": name,
                "dct:format": name,
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media_type}"},
                "dcat:downloadURL": {"@id": url},
                "dcat:accessURL": {"@id": url},
                "dct:license": licence,
            }
        )
    api_url = f"{site}/api/v1/{dataset.key}/{api_query}"
    found.append(
        {
            "@id": api_url,
            "@type": "dcat:Distribution",
            "dct:title": "JSON API",
            "dct:format": "JSON",
            "dcat:mediaType": {"@id": "https://www.iana.org/assignments/media-types/application/json"},
            "dcat:accessURL": {"@id": api_url},
            "dct:license": licence,
            "dcat:accessService": {
                "@type": "dcat:DataService",
                "dct:title": "Participation portal open data API",
                "dcat:endpointURL": {"@id": f"{site}/api/v1/"},
                "dcat:endpointDescription": {"@id": f"{site}/api/v1/openapi.json"},
            },
        }
    )
    return found


def describe(site: str, dataset: Dataset, office=None) -> dict:
    publisher = (
        {
            "@type": "foaf:Organization",
            "foaf:name": office_names(office),
            "foaf:homepage": {"@id": site + office.get_absolute_url()},
        }
        if office is not None
        else {"@type": "foaf:Organization", "foaf:name": both(publisher_name())}
    )
    node = {
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.key if office is None else f"{office.slug}/{dataset.key}",
        "dct:title": both(dataset.title),
        "dct:description": both(dataset.description),
        "dcat:keyword": list(dataset.keywords),
        "dct:publisher": publisher,
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE_URL},
        "dct:accrualPeriodicity": {"@id": FREQUENCIES.get(dataset.frequency, FREQUENCIES["daily"])},
        "dct:language": [
            {"@id": "http://id.loc.gov/vocabulary/iso639-1/th"},
            {"@id": "http://id.loc.gov/vocabulary/iso639-1/en"},
        ],
        "dcat:landingPage": {"@id": f"{site}/data/" if office is None else f"{site}/data/{office.slug}/"},
        "dct:conformsTo": {"@id": f"{site}/api/v1/docs/#{dataset.key}"},
    }
    if office is None:
        node["@id"] = f"{site}/data/{dataset.key}"
        node["dcat:distribution"] = distribution(site, dataset, f"/data/{dataset.key}", "")
    else:
        node["@id"] = f"{site}/data/{office.slug}/{dataset.key}"
        node["dct:title"] = [
            {"@language": title["@language"], "@value": f"{title['@value']} · {name['@value']}"}
            for title, name in zip(node["dct:title"], office_names(office), strict=True)
        ]
        node["dct:isPartOf"] = {"@id": f"{site}/data/{dataset.key}"}
        node["dcat:distribution"] = distribution(
            site, dataset, f"/data/{office.slug}/{dataset.key}", f"?office={office.slug}"
        )
    return node


def catalogue(site: str, offices: list, *, page: int, has_next: bool) -> dict:
    """One page of the catalogue: the national datasets on the first, then these offices' datasets."""
    here = f"{site}/data/catalog.jsonld"
    found = [describe(site, dataset) for dataset in datasets()] if page == 1 else []
    found += [describe(site, dataset, office) for office in offices for dataset in datasets() if dataset.per_office]
    document = {
        "@context": CONTEXT,
        "@id": here,
        "@type": "dcat:Catalog",
        "dct:title": both(TITLE),
        "dct:description": both(DESCRIPTION),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": both(publisher_name())},
        "dct:license": {"@id": settings.OPEN_DATA_LICENSE_URL},
        "dct:language": [
            {"@id": "http://id.loc.gov/vocabulary/iso639-1/th"},
            {"@id": "http://id.loc.gov/vocabulary/iso639-1/en"},
        ],
        "foaf:homepage": {"@id": f"{site}/data/"},
        "dcat:dataset": found,
    }
    paging = {
        "@id": f"{here}?page={page}" if page > 1 else here,
        "@type": "hydra:PagedCollection",
        "hydra:firstPage": here,
        "hydra:itemsPerPage": OFFICES_PER_PAGE,
    }
    if has_next:
        paging["hydra:nextPage"] = f"{here}?page={page + 1}"
    if page > 1:
        paging["hydra:previousPage"] = f"{here}?page={page - 1}" if page > 2 else here
    document["hydra:view"] = paging
    return document
