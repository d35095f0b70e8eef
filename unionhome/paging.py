"""Keyset pagination of the lists that grow with the roster or with time (docs/ARCHITECTURE.md,
"Lists and pagination").

A page is read by its position in an indexed order that ends in the primary key, never by an
``OFFSET`` and never after a ``COUNT(*)`` of the whole list::

    page = paging.page(request, queryset, order=("branch__path", "name", "id"), name="branches.roster")

reads ``size + 1`` rows after (or, going back, before) the position carried by ``?cursor=`` and so
knows whether there are more. The cursor is signed (``django.core.signing``, salted with the list's
name and order): a forged, garbled, expired or foreign cursor is a bad request (400), never a wider
list; a bare page number (1–999999, a bookmark of the numbered pages some lists had) shows the first
page. It holds a position only: the rows always come from the caller's scoped, filtered queryset,
so a cursor replayed by another user lists that user's own rows. Every other query parameter (the
list's filters) is kept in the page's links.

A total is shown only when it is cheap: the caller's own exact figure (``total=``, e.g. from the
roster's counters), else a count bounded at ``COUNT_CAP`` rows (one ``COUNT`` over at most one row
more, whatever the size of the list): "more than 1,000" past the cap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Model, Q, QuerySet

CURSOR = "cursor"
COUNT_CAP = 1000
MAX_AGE = dt.timedelta(days=7)  # a cursor older than this is stale: 400, start from the first page
_MAX_CURSOR = 2000  # characters; a longer one is garbage


class BadCursor(BadRequest):
    """A cursor that is not one this list signed (or no longer valid): the request is refused."""


@dataclass
class Page:
    """One page of a keyset-paginated list, for the template ``unionhome/_pager.html``."""

    object_list: list
    has_next: bool
    has_previous: bool
    start: int  # the position of the first row in the list, from 1 (0 on an empty page)
    total: int | None = None  # exact, when known
    capped: bool = False  # the list holds more than COUNT_CAP rows
    query: str = ""  # the list's other parameters, urlencoded
    next_cursor: str = ""
    previous_cursor: str = ""
    cap: int = field(default=COUNT_CAP)
    param: str = CURSOR  # the query parameter of this list's cursor (two lists on one page)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def end(self) -> int:
        return self.start + len(self.object_list) - 1 if self.object_list else 0

    def _url(self, cursor: str = "") -> str:
        parts = [p for p in (self.query, urlencode({self.param: cursor}) if cursor else "") if p]
        return "?" + "&".join(parts)

    @property
    def first_url(self) -> str:
        return self._url()

    @property
    def next_url(self) -> str:
        return self._url(self.next_cursor)

    @property
    def previous_url(self) -> str:
        return self._url(self.previous_cursor)


def _field(queryset: QuerySet, path: str):
    """The model field a ``__`` path of the order ends on (or the output field of the queryset's
    annotation of that name)."""
    annotation = queryset.query.annotations.get(path)
    if annotation is not None:
        return annotation.output_field
    model: type[Model] = queryset.model
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    last = parts[-1]
    return model._meta.pk if last == "pk" else model._meta.get_field(last)


def _value_of(obj, path: str):
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj


def _dump(value):
    if value is None:
        raise ValueError("a keyset order needs non-null keys")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int | str):
        return value
    return str(value)


def _salt(name: str, order: Sequence[str]) -> str:
    return f"unionhome.paging:{name}:{','.join(order)}"


def _sign(name, order, obj, *, backwards: bool, start: int) -> str:
    keys = [_dump(_value_of(obj, key.lstrip("-"))) for key in order]
    return signing.dumps({"k": keys, "b": int(backwards), "n": start}, salt=_salt(name, order), compress=True)


def _given(request, param: str) -> str:
    """The request's cursor (once at most). A bare page number, from a bookmark of the numbered
    pages some lists had before, is read as no cursor: the first page."""
    given = request.GET.getlist(param)
    if len(given) > 1:
        raise BadCursor("cursor given twice")
    raw = given[0] if given else ""
    page_number = raw.isascii() and raw.isdigit() and len(raw) <= 6 and not raw.startswith("0")
    return "" if page_number else raw


def _read(raw: str, name: str, order: Sequence[str], queryset: QuerySet) -> tuple[list | None, bool, int]:
    """(key values, backwards, first row's position) of a cursor; absent: (None, False, 1)."""
    if not raw:
        return None, False, 1
    if len(raw) > _MAX_CURSOR:
        raise BadCursor("cursor")
    try:
        data = signing.loads(raw, salt=_salt(name, order), max_age=MAX_AGE)
        keys, backwards, start = data["k"], data["b"], data["n"]
        if not (isinstance(keys, list) and len(keys) == len(order)) or backwards not in (0, 1):
            raise BadCursor("cursor")
        if not isinstance(start, int) or start < 1:
            raise BadCursor("cursor")
        values = [_field(queryset, key.lstrip("-")).to_python(v) for key, v in zip(order, keys, strict=True)]
    except (signing.BadSignature, ValidationError, KeyError, TypeError, ValueError) as exc:
        raise BadCursor("cursor") from exc
    if any(v is None for v in values):
        raise BadCursor("cursor")
    return values, bool(backwards), start


def _beyond(order: Sequence[str], values: list, *, backwards: bool) -> Q:
    """The rows after the position in the order (before it when ``backwards``).

    ``(a, b, id) > (x, y, z)`` written as ``a >= x AND (a > x OR (a = x AND (b > y OR …)))``: the
    leading bound lets the index on the order start at the position instead of filtering from the top.
    """
    beyond = Q()
    equal: dict = {}
    for key, value in zip(order, values, strict=True):
        name = key.lstrip("-")
        op = "gt" if key.startswith("-") == backwards else "lt"
        beyond |= Q(**equal, **{f"{name}__{op}": value})
        equal[name] = value
    first = order[0]
    op = "gte" if first.startswith("-") == backwards else "lte"
    return Q(**{f"{first.lstrip('-')}__{op}": values[0]}) & beyond


def _reverse(order: Sequence[str]) -> list[str]:
    return [key[1:] if key.startswith("-") else f"-{key}" for key in order]


def _query(request, param: str = CURSOR) -> str:
    query = request.GET.copy()
    for name in (param, "page"):
        query.pop(name, None)
    return query.urlencode()


def page(
    request,
    queryset: QuerySet,
    *,
    order: Sequence[str],
    name: str,
    size: int = 50,
    total: int | Callable[[], int | None] | None = None,
    param: str = CURSOR,
) -> Page:
    """The page of ``queryset`` (already scoped and filtered) at the request's ``?cursor=``.

    ``order`` is an indexed tuple of non-null keys ending in the primary key (``"-at", "-id"``; a
    key may name an annotation of ``queryset``, read back by its output field);
    ``name`` names the list (cursors of one list are refused by another). ``total``: an exact
    total the caller knows cheaply (or a function giving it, or None); else a count bounded at
    ``COUNT_CAP``. ``param``: the query parameter of the cursor, for a second list on the same page
    (its links keep the other list's cursor). Raises ``BadCursor`` (400) for a cursor this list
    did not sign.
    """
    order = list(order)
    if order[-1].lstrip("-") not in ("id", "pk"):
        raise ValueError("a keyset order ends in the primary key")
    values, backwards, start = _read(_given(request, param), name, order, queryset)
    qs = queryset.order_by(*(_reverse(order) if backwards else order))
    if values is not None:
        qs = qs.filter(_beyond(order, values, backwards=backwards))
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_next, has_previous = True, more
        start = max(1, start - len(rows)) if more else 1
    else:
        has_next, has_previous = more, values is not None
    exact = total() if callable(total) else total
    capped = False
    if exact is None:  # one bounded query on every page: as many queries for 10 rows as for 10⁶
        bounded = queryset.order_by()[: COUNT_CAP + 1].count()
        capped = bounded > COUNT_CAP
        exact = None if capped else bounded
    result = Page(
        object_list=rows,
        has_next=has_next,
        has_previous=has_previous,
        start=start if rows else 0,
        total=exact,
        capped=capped,
        cap=COUNT_CAP,
        query=_query(request, param),
        param=param,
    )
    if rows and has_next:
        result.next_cursor = _sign(name, order, rows[-1], backwards=False, start=start + len(rows))
    if rows and has_previous:
        result.previous_cursor = _sign(name, order, rows[0], backwards=True, start=start)
    return result


# --- a list computed in Python (bounded: a level's keys, a small scope's findings) ------------------------


def _dump_key(value):
    if isinstance(value, Decimal):
        return ["d", str(value)]
    return _dump(value)


def _load_key(value):
    if isinstance(value, list) and len(value) == 2 and value[0] == "d" and isinstance(value[1], str):
        return Decimal(value[1])
    if isinstance(value, int | str) and not isinstance(value, bool):
        return value
    raise ValueError("key")


def _after(row: tuple, mark: tuple, descending: Sequence[bool]) -> bool:
    """Does ``row`` come after ``mark`` in the order (each key ascending unless ``descending``)?"""
    for value, at, down in zip(row, mark, descending, strict=True):
        if value != at:
            return (value < at) if down else (value > at)
    return False


def page_list(
    request,
    rows: Sequence,
    *,
    key: Callable[[object], tuple],
    descending: Sequence[bool],
    name: str,
    size: int = 50,
    load: Callable[[list], list] | None = None,
) -> Page:
    """``page`` over a list already computed and sorted (``key(row)``: a unique tuple of ints,
    strings and Decimals, each ascending unless ``descending``); ``load`` turns the page's rows
    into what the template shows (e.g. the units of a page of keys). The total is exact. The cursor
    holds the last (first, going back) row's key, signed as ``page``'s: the list itself always
    comes from the caller, so a replayed cursor only positions the caller's own rows."""
    descending = list(descending)
    salt_order = [f"{'-' if down else ''}{i}" for i, down in enumerate(descending)]
    raw = _given(request, CURSOR)
    mark, backwards = None, False
    if raw:
        if len(raw) > _MAX_CURSOR:
            raise BadCursor("cursor")
        try:
            data = signing.loads(raw, salt=_salt(name, salt_order), max_age=MAX_AGE)
            keys, backwards = data["k"], data["b"]
            if not (isinstance(keys, list) and len(keys) == len(descending)) or backwards not in (0, 1):
                raise BadCursor("cursor")
            mark = tuple(_load_key(v) for v in keys)
        except (signing.BadSignature, KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise BadCursor("cursor") from exc
    try:
        if mark is None:
            lo, hi = 0, min(size, len(rows))
        elif backwards:
            hi = next((i for i, r in enumerate(rows) if not _after(mark, key(r), descending)), len(rows))
            lo = max(0, hi - size)
        else:
            lo = next((i for i, r in enumerate(rows) if _after(key(r), mark, descending)), len(rows))
            hi = min(len(rows), lo + size)
    except TypeError as exc:  # a key of another type than the list's
        raise BadCursor("cursor") from exc
    shown = list(rows[lo:hi])
    result = Page(
        object_list=load(shown) if load else shown,
        has_next=hi < len(rows),
        has_previous=lo > 0,
        start=lo + 1 if shown else 0,
        total=len(rows),
        query=_query(request),
    )

    def sign(row, back: bool) -> str:
        values = [_dump_key(v) for v in key(row)]
        return signing.dumps({"k": values, "b": int(back)}, salt=_salt(name, salt_order), compress=True)

    if shown and result.has_next:
        result.next_cursor = sign(shown[-1], False)
    if shown and result.has_previous:
        result.previous_cursor = sign(shown[0], True)
    return result
