"""Stream the rows of an .xlsx worksheet in constant memory.

The roster import reads files of up to 200,000 rows. python-calamine is fast but holds the whole
sheet in memory; openpyxl's ``read_only`` mode streams, but is ~4× slower and keeps one emptied XML
element per row it has read (its memory grows ~90 bytes a row). This reader feeds the worksheet
part, decompressed chunk by chunk, to the C expat parser and hands out one row at a time, so its
memory is one row: a large shared-string table (Excel puts every text cell in one) is kept in a
temporary SQLite file rather than in memory. The values it gives are the ones openpyxl gives in ``read_only``/``values_only`` mode (tests compare the two on
the same files): str, int, float, bool, datetime for date-formatted numbers, None for empty cells.

The XML is parsed with document type declarations refused outright (no entities of any kind); the
container itself (size, zip bomb, encrypted or non-zip files) is checked by ``roster_io`` first.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from defusedxml import ElementTree as SafeTree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

CHUNK = 64 * 1024
MAX_COLUMNS = 16_384  # XFD, the last column Excel has
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# Built-in number formats that are dates in East Asian locales (not in openpyxl's table): 27–36 and
# 50–58 are the zh-CN 年月日 forms Excel writes by id, without a format code.
CJK_DATE_FORMAT_IDS = frozenset(range(27, 37)) | frozenset(range(50, 59))
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_DIGITS = "0123456789"
_DATES_KEPT = 4096


class XlsxError(Exception):
    """The package or its XML is not a readable workbook."""


class DoctypeRefused(XlsxError):
    """A part declares a document type (and so possibly entities): refused, never expanded."""


def _unescape(text: str) -> str:
    """OOXML writes control characters as _xHHHH_."""
    if "_x" in text:
        return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_index(ref: str, cache: dict[str, int]) -> int:
    letters = ref.rstrip("0123456789")
    index = cache.get(letters)
    if index is None:
        index = 0
        for char in letters.upper():
            if not "A" <= char <= "Z":
                raise XlsxError(f"bad cell reference {ref!r}")
            index = index * 26 + ord(char) - 64
        index -= 1
        cache[letters] = index
    return index


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK

    def refuse(*_args):
        raise DoctypeRefused("document type declarations are not allowed")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


SPILL_STRINGS_BYTES = 2 * 1024 * 1024  # a shared-string part larger than this (unzipped) goes to disk


class _DiskStrings:
    """A large shared-string table kept in a private temporary SQLite file (small page cache), with
    the most used strings (男, 是, unit codes...) cached in memory: memory stays flat however many
    distinct names and numbers the workbook holds."""

    def __init__(self):
        self.db = sqlite3.connect("", cached_statements=4)  # "": on disk, deleted on close
        self.db.executescript(
            "PRAGMA cache_size = -2048; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            "CREATE TABLE sst (i INTEGER PRIMARY KEY, s TEXT NOT NULL);"
        )
        self.count = 0
        self._query = "SELECT s FROM sst WHERE i = ?"
        self.get = functools.lru_cache(maxsize=4096)(self._get)

    def extend(self, strings: list[str]) -> None:
        start = self.count
        self.db.executemany("INSERT INTO sst VALUES (?, ?)", enumerate(strings, start=start))
        self.count += len(strings)

    def _get(self, index: int) -> str:
        found = self.db.execute(self._query, (index,)).fetchone()
        if found is None:
            raise IndexError(index)
        return found[0]

    def __getitem__(self, index: int) -> str:
        return self.get(index)

    def __len__(self) -> int:
        return self.count

    def close(self) -> None:
        self.db.close()


class Workbook:
    """An .xlsx package opened for streaming its first worksheet (``source``: path or binary file)."""

    def __init__(self, source):
        try:
            self.archive = zipfile.ZipFile(source)
            self._locate()
            self.strings = self._shared_strings()
        except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile, expat.ExpatError) as exc:
            raise XlsxError(str(exc)) from exc

    def close(self) -> None:
        if isinstance(self.strings, _DiskStrings):
            self.strings.close()
        self.archive.close()

    # --- the package ---------------------------------------------------------------------

    def _xml(self, name: str):
        return SafeTree.fromstring(self.archive.read(name))

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """{id: (type suffix, target part)} of a part's .rels."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name not in self.archive.NameToInfo:
            return {}
        found = {}
        for rel in self._xml(rels_name):
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
        return found

    def _locate(self) -> None:
        workbook_part = "xl/workbook.xml"
        for rel in self._relationships("").values():
            if rel[0] == "officeDocument":
                workbook_part = rel[1]
        workbook = self._xml(workbook_part)
        rels = self._relationships(workbook_part)
        self.sheet_names: list[str] = []
        self.sheet_part = None
        epoch = CALENDAR_WINDOWS_1900
        for element in workbook.iter():
            tag = _local(element.tag)
            if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
                epoch = CALENDAR_MAC_1904
            elif tag == "sheet":
                self.sheet_names.append(element.get("name", ""))
                rel = rels.get(element.get(REL_NS + "id"))
                if self.sheet_part is None and rel is not None and rel[0] == "worksheet":
                    self.sheet_part = rel[1]
        self.epoch = epoch
        by_type = dict(rels.values())
        self.date_styles = self._date_styles(by_type.get("styles"))
        self._strings_part = by_type.get("sharedStrings")

    def _date_styles(self, part: str | None) -> frozenset[int]:
        """The indexes of the cell formats (``s`` of a cell) that show a number as a date."""
        if not part or part not in self.archive.NameToInfo:
            return frozenset()
        styles = self._xml(part)
        codes = dict(BUILTIN_FORMATS)
        dates = set()
        for element in styles.iter():
            if _local(element.tag) == "numFmt":
                codes[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
        for element in styles:
            if _local(element.tag) != "cellXfs":
                continue
            for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
                fmt = int(xf.get("numFmtId", "0"))
                if fmt in CJK_DATE_FORMAT_IDS or is_date_format(codes.get(fmt, "")):
                    dates.add(index)
        return frozenset(dates)

    def _shared_strings(self) -> list[str] | _DiskStrings:
        part = self._strings_part
        if not part or part not in self.archive.NameToInfo:
            return []
        strings: list[str] = []
        disk = _DiskStrings() if self.archive.getinfo(part).file_size > SPILL_STRINGS_BYTES else None
        buffer: list[str] = []
        state = {"text": False, "phonetic": 0}

        def start(name, _attrs):
            name = name.rsplit(":", 1)[-1]
            if name == "t":
                state["text"] = True
            elif name == "rPh":
                state["phonetic"] += 1
            elif name == "si":
                buffer.clear()

        def end(name):
            name = name.rsplit(":", 1)[-1]
            if name == "t":
                state["text"] = False
            elif name == "rPh":
                state["phonetic"] -= 1
            elif name == "si":
                strings.append(_unescape("".join(buffer)))

        def text(data):
            if state["text"] and not state["phonetic"]:
                buffer.append(data)

        parser = _parser()
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
        with self.archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
                if disk is not None:
                    disk.extend(strings)
                    strings.clear()
        parser.Parse(b"", True)
        if disk is not None:
            disk.extend(strings)
            return disk
        return strings

    # --- the worksheet ---------------------------------------------------------------------

    def dimension_rows(self) -> int | None:
        """The last row named by the sheet's <dimension> (a hint some writers leave out), or None."""
        if self.sheet_part is None:
            return None
        with self.archive.open(self.sheet_part) as stream:
            head = stream.read(4096)
        match = re.search(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"", head)
        if match is None:
            return None
        if match.group(1) is None:
            return 1
        return int(match.group(1))

    def _feed(self, parser: expat.XMLParserType) -> Iterator[None]:
        """Feed the worksheet part to ``parser`` chunk by chunk, pausing after each chunk."""
        if self.sheet_part is None:
            raise XlsxError("the workbook has no worksheet")
        try:
            with self.archive.open(self.sheet_part) as stream:
                while chunk := stream.read(CHUNK):
                    parser.Parse(chunk, False)
                    yield
                parser.Parse(b"", True)
                yield
        except (expat.ExpatError, ValueError, IndexError, OverflowError, zipfile.BadZipFile) as exc:
            raise XlsxError(str(exc)) from exc

    def last_row_with_values(self) -> int:
        """The number of the last row holding a value (a pass that keeps nothing but that number):
        for sheets whose <dimension> is missing, or names formatted but empty rows."""
        state = [0, 0]  # current row, last row with a value

        def start(name, attrs):
            name = name.rsplit(":", 1)[-1]
            if name == "row":
                number = attrs.get("r")
                state[0] = int(number) if number else state[0] + 1
            elif name == "v" or name == "is":
                state[1] = state[0]

        parser = _parser()
        parser.StartElementHandler = start
        for _ in self._feed(parser):
            pass
        return state[1]

    def rows(self, max_columns: int = MAX_COLUMNS) -> Iterator[tuple[int, list]]:
        """(1-based row number, cell values) of each row present in the first worksheet; cells
        beyond ``max_columns`` are not kept.

        The handlers run for every element of the sheet (a million cells: three million calls),
        so they do as little as they can: element names are stripped of their prefix once per
        distinct name (``local``), cell references resolved once per column letters, date serials
        converted once per distinct serial (``dates``, a bounded cache)."""
        strings, date_styles, epoch = self.strings, self.date_styles, self.epoch
        columns: dict[str, int] = {}
        local: dict[str, str] = {}
        dates: dict = {}  # serial number → datetime: a roster repeats its dates
        ready: list[tuple[int, list]] = []
        cells: list = []
        text: list[str] = []
        row_number = col = style = phonetic = 0
        kind = "n"
        in_text = False

        def start(name, attrs):
            nonlocal row_number, col, kind, style, in_text, phonetic
            tag = local.get(name) or local.setdefault(name, name.rsplit(":", 1)[-1])
            if tag == "c":
                ref = attrs.get("r")
                if ref:
                    letters = ref.rstrip(_DIGITS)
                    found = columns.get(letters)
                    col = found if found is not None else _column_index(ref, columns)
                else:
                    col += 1
                kind = attrs.get("t", "n")
                s = attrs.get("s")
                style = int(s) if s else 0
                text.clear()
            elif tag == "v" or tag == "t":
                in_text = True
            elif tag == "row":
                number = attrs.get("r")
                row_number = int(number) if number else row_number + 1
                col = -1
                cells.clear()
            elif tag == "rPh":
                phonetic += 1

        def end(name):
            nonlocal in_text, phonetic
            tag = local[name]
            if tag == "c":
                if col >= max_columns or not text:
                    return
                raw = text[0] if len(text) == 1 else "".join(text)
                if kind == "s":
                    index = int(raw)
                    if index < 0:
                        raise IndexError(index)
                    value = strings[index]
                elif kind == "n":
                    try:
                        value = int(raw)
                    except ValueError:
                        value = float(raw)
                    if style in date_styles:
                        date = dates.get(value)
                        if date is None:
                            if len(dates) >= _DATES_KEPT:
                                dates.clear()
                            date = dates[value] = from_excel(value, epoch)
                        value = date
                elif kind == "inlineStr" or kind == "str":
                    value = _unescape(raw)
                elif kind == "b":
                    value = raw.strip() in ("1", "true")
                elif kind == "d":
                    value = dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
                else:  # "e": an error value such as #N/A, kept as its text
                    value = raw
                if col >= len(cells):
                    cells.extend([None] * (col + 1 - len(cells)))
                cells[col] = value
            elif tag == "v" or tag == "t":
                in_text = False
            elif tag == "row":
                ready.append((row_number, cells.copy()))
            elif tag == "rPh":
                phonetic -= 1

        def characters(data):
            if in_text and not phonetic:
                text.append(data)

        parser = _parser()
        parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = (
            start,
            end,
            characters,
        )
        for _ in self._feed(parser):
            yield from ready
            ready.clear()
