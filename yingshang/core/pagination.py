"""One pagination rule for the API and the pages: ?page=&page_size=, answer {"items", "count"}."""

from dataclasses import dataclass

from django.conf import settings


PAGE_MAX = 1_000_000


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    page_size: int = 20

    @classmethod
    def of(cls, page: int | str | None, page_size: int | str | None) -> "PageRequest":
        def to_int(value, default):
            try:
                return int(value)
            except (TypeError, ValueError):
                return default

        size = min(max(to_int(page_size, settings.PAGE_SIZE_DEFAULT), 1), settings.PAGE_SIZE_MAX)
        # Capped so that the OFFSET stays a 64-bit integer (?page=99999999999999999999 was a database error).
        return cls(page=min(max(to_int(page, 1), 1), PAGE_MAX), page_size=size)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def paginate(queryset, request: PageRequest) -> tuple[list, int]:
    count = queryset.count()
    items = list(queryset[request.offset : request.offset + request.page_size])
    return items, count
