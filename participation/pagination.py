"""Pagination without counting: a page fetches one row more than it shows to learn whether
there is a next one, so a list of 200,000 announcements costs what a list of twenty does.

Pages keep their `?page=N` addresses. The page object answers what templates/_pagination.html
asks of Django's `Page`; it knows the number of pages only when the caller does (`num_pages`).
"""

from dataclasses import dataclass

from django.http import Http404


@dataclass(frozen=True)
class PageWindow:
    number: int
    has_more: bool
    num_pages: int | None = None  # shown as "page N of M" when known

    def has_next(self) -> bool:
        return self.has_more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def paginator(self) -> "PageWindow":
        # Templates written for Django's Page read page_obj.paginator.num_pages.
        return self


# Far past the end of any list (a list of a million rows has 50,000 pages of 20): a page beyond it is not
# found at once, before its offset could overflow the database's integers.
LAST_PAGE = 10_000_000


def page_number(request, name: str = "page") -> int:
    """The page asked for: 1 when the parameter is missing or not a positive whole number (ASCII digits);
    a page beyond LAST_PAGE is a 404."""
    value = request.GET.get(name, "1").strip()
    if not value.isascii() or not value.isdigit():
        return 1
    if len(value) > 12 or int(value) > LAST_PAGE:
        raise Http404("No such page")
    return max(int(value), 1)


def paginate_without_count(queryset, *, number: int, per_page: int) -> tuple[list, PageWindow]:
    """One page of an ordered queryset and its window; a page past the end is a 404 (page 1 may be empty)."""
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if number > 1 and not rows:
        raise Http404("No such page")
    return rows[:per_page], PageWindow(number=number, has_more=len(rows) > per_page)


class CountlessPaginationMixin:
    """For a ListView with `paginate_by`: pages without a count(*) over the list."""

    def paginate_queryset(self, queryset, page_size):
        items, window = paginate_without_count(queryset, number=page_number(self.request), per_page=page_size)
        return None, window, items, window.has_other_pages()
