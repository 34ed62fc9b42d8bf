"""The initiative lists page with the shared keyset paging (`portal.paging`)."""

from portal.paging import (  # noqa: F401
    COUNT_CAP,
    KeysetPage,
    _beyond,
    _decode,
    _encode,
    capped_count,
    keyset_page,
)
