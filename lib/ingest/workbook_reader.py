"""Open a submitted workbook and hand back its sheets as grids of cell values.

python-calamine reads values only (no styles), about twenty times faster than
openpyxl on these files; that matters at national scale (~11,000 files).
A file that cannot be opened becomes a rejection, never an exception.

Before calamine sees a file, the file is checked against the resource limits
of params ``ingest.limits`` (:class:`lib.contract.params.Limits`): size on disk, zip entries,
size once uncompressed, compression ratio, number of sheets, and for every
worksheet the area calamine would allocate and the rows it would hand back.
calamine allocates a dense grid from the first to the last cell of a sheet
(and a vector as long as the shared-string count the file declares): one
cell typed in XFD1048576, or a false count, would abort the whole process,
so these checks come first. The same streaming pass over the sheet XML finds
formula cells (calamine returns only their cached value) and Excel error
cells (calamine returns them as empty), so that the parser can name them.
Nothing in a workbook is ever executed: no formula is evaluated, no macro run,
no external entity or link resolved.

What a unit's office software saves is read by its content, not its name:
.xlsx/.xlsm (a macro is noted, never run or kept), OpenDocument .ods (the
same zip checks, then :mod:`lib.ingest.ods_scan` measures every sheet) and
Excel 97-2003 .xls (a compound file: bounded by its size on disk and by
BIFF8's grid; only the template's sheets are materialised, each checked
against the row and cell limits). A password-encrypted workbook is refused
(``file_encrypted``), and so is a .csv or any other file (``file_not_xlsx``).
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import stat
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from python_calamine import CalamineWorkbook, PasswordError

from lib.contract.params import Limits
from lib.ingest.ods_scan import scan_content
from lib.ingest.sheet_notes import SheetNotes
from lib.ingest.text_repair import strip_diacritics

# What a unit's office software saves: Excel (.xlsx, .xlsm, 97-2003 .xls), LibreOffice/WPS (.ods).
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# Why a file refused by its name cannot be read (the detail of ``file_not_xlsx``).
_NOT_WORKBOOK = {
    ".csv": "tệp .csv chỉ giữ một trang tính, không có các trang DonVi, ChiTieu... của tệp mẫu",
    ".xltm": "tệp mẫu có macro (.xltm), không phải sổ làm việc đã điền",
    ".xlam": "tiện ích bổ sung Excel (.xlam), không phải sổ làm việc",
}
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# Stream and storage names in a compound file's directory (UTF-16): an encrypted
# .xlsx/.xlsm is an OLE file holding 'EncryptedPackage'; a .xls with macros holds '_VBA_PROJECT'.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_VBA_STORAGE = "_VBA_PROJECT".encode("utf-16-le")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MB = 1024 * 1024
# Small parts compress at odd ratios (a 2 kB part of repeated tags can reach
# 100:1); the ratio is judged only on parts that would take real memory.
_RATIO_GRACE_BYTES = _MB
# How many merged ranges of one sheet are reported (a reporting cap, not a limit).
_MERGES_REPORTED = 200
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _parser() -> etree.XMLParser:
    """An XML parser that resolves nothing: no DTD, no entities, no network."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class WorkbookGrid:
    """The sheets of one workbook, or why it could not be read."""

    path: Path
    sheets: dict[str, list[list[Any]]] = field(default_factory=dict)
    problem: str | None = None
    detail: str = ""
    problem_sheet: str = ""
    sheet_names: list[str] = field(default_factory=list)  # every sheet of the workbook, in order
    matched: dict[str, str] = field(default_factory=dict)  # template sheet -> the workbook's own name
    extra_sheets: list[str] = field(default_factory=list)  # sheets the template does not have
    duplicate_sheets: list[tuple[str, str]] = field(default_factory=list)  # (ignored copy, sheet read)
    notes: dict[str, SheetNotes] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (rule, detail): read, but the unit must know


class _RejectedError(Exception):
    """A file refused before or while reading, with the rule it broke."""

    def __init__(self, rule: str, detail: str, sheet: str = "") -> None:
        super().__init__(detail)
        self.rule, self.detail, self.sheet = rule, detail, sheet


def sheet_key(name: str) -> str:
    """Match sheet names typed with or without accents, spaces or numbering."""
    return "".join(ch for ch in strip_diacritics(name) if ch.isalpha())


def read_workbook(path: Path, limits: Limits, wanted: Sequence[str] | None = None) -> WorkbookGrid:
    """Read the wanted sheets of a workbook (all sheets if None); describe the problem if it can't be.

    .xlsx and .xlsm (values only, a macro is noted in ``warnings``, never run
    or kept), Excel 97-2003 .xls and OpenDocument .ods are read, each behind
    the same limits; an encrypted workbook or any other file is refused.

    ``wanted`` are template sheet names; the workbook's sheets are matched to
    them with :func:`sheet_key`, the first match wins, the rest are listed
    in ``duplicate_sheets`` and ``extra_sheets``.
    """
    grid = WorkbookGrid(path=path)
    try:
        _read(path, limits, wanted, grid)
    except _RejectedError as exc:
        grid.sheets.clear()
        grid.problem, grid.detail, grid.problem_sheet = exc.rule, exc.detail, exc.sheet
    except Exception as exc:  # zip, XML or calamine errors: an unreadable file, never a crash
        grid.sheets.clear()
        grid.problem, grid.detail = "file_unreadable", f"{type(exc).__name__}: {str(exc)[:200]}"
    return grid


def _read(path: Path, limits: Limits, wanted: Sequence[str] | None, grid: WorkbookGrid) -> None:
    """Refuse what is not a regular, bounded workbook, then read it by what it is (not by its name).

    The content decides the format: an .xls renamed .xlsx is still read as .xls,
    a text file named .xlsx is corrupt. The name decides only what is refused
    unread (a .csv, a .pdf, a picture).
    """
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        raise _RejectedError("file_symlink", "liên kết tượng trưng, không đọc")
    if not stat.S_ISREG(info.st_mode):
        raise _RejectedError("file_unreadable", "không phải tệp thông thường")
    suffix = path.suffix.lower()
    if suffix not in WORKBOOK_SUFFIXES:
        raise _RejectedError("file_not_xlsx", _NOT_WORKBOOK.get(suffix, f"phần mở rộng {suffix or '(không có)'}"))
    if info.st_size == 0:
        raise _RejectedError("file_unreadable", "tệp rỗng (0 byte)")
    if info.st_size > limits.max_file_mb * _MB:
        raise _RejectedError("file_too_large", f"{info.st_size / _MB:.1f} MB, giới hạn {limits.max_file_mb:g} MB")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC:
        _read_ole(path, limits, wanted, grid)
        return
    if head[:4] != _ZIP_MAGIC:
        raise _RejectedError("file_unreadable", "không phải sổ làm việc (thiếu chữ ký zip hoặc OLE)")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _RejectedError("file_unreadable", f"tệp nén hỏng hoặc bị cắt cụt ({str(exc)[:120]})") from None
    with archive:
        _check_archive(archive, limits)
        if _is_ods(archive):
            _scan_ods(archive, limits, wanted, grid)
        else:
            _scan_xlsx(archive, limits, wanted, grid)
    with path.open("rb") as handle:
        workbook = CalamineWorkbook.from_filelike(handle)
        try:
            for name in grid.matched.values():
                rows = grid.notes[name].last_row
                # Only the rows up to the last one with content are handed to Python.
                grid.sheets[name] = (
                    workbook.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows) if rows else []
                )
        finally:
            workbook.close()


def _scan_xlsx(archive: zipfile.ZipFile, limits: Limits, wanted: Sequence[str] | None, grid: WorkbookGrid) -> None:
    """Sheets, shared strings and every XML part of an .xlsx/.xlsm package checked against the limits."""
    if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
        grid.warnings.append(("file_macro", "tệp chứa macro VBA (vbaProject.bin); chỉ đọc giá trị"))
    sheets = _workbook_sheets(archive)
    _name_sheets(grid, [name for name, _ in sheets], limits, wanted)
    blank_strings = _shared_strings(archive)
    reading = {part: name for name, part in sheets if name in grid.matched.values() and part}
    for part in _xml_parts(archive):
        name = reading.get(part)
        note = _scan_sheet(archive, part, blank_strings, limits, wanted=name is not None, label=name or part)
        if name is not None:
            grid.notes[name] = note
    missing = [name for name in grid.matched.values() if name not in grid.notes]
    if missing:
        raise _RejectedError("xlsx_structure_unsafe", f"không tìm thấy phần XML của trang tính {missing[0]}")


def _name_sheets(grid: WorkbookGrid, names: list[str], limits: Limits, wanted: Sequence[str] | None) -> None:
    """The workbook's sheet names, bounded in number and unique, matched to the template's."""
    if len(names) > limits.max_sheets:
        raise _RejectedError("too_many_sheets", f"{len(names)} trang tính, giới hạn {limits.max_sheets}")
    grid.sheet_names = names
    folded = [name.casefold() for name in names]
    if len(set(folded)) != len(folded):
        raise _RejectedError("xlsx_structure_unsafe", "hai trang tính trùng tên")
    _match(grid, wanted)


def _is_ods(archive: zipfile.ZipFile) -> bool:
    """An OpenDocument spreadsheet names itself in its first part, ``mimetype``."""
    try:
        return archive.read("mimetype").strip() == _ODS_MIME
    except KeyError:
        return False


def _scan_ods(archive: zipfile.ZipFile, limits: Limits, wanted: Sequence[str] | None, grid: WorkbookGrid) -> None:
    """An .ods package: refused if encrypted, macros noted, every sheet measured before calamine opens it."""
    names = archive.namelist()
    if "META-INF/manifest.xml" in names and b"encryption-data" in archive.read("META-INF/manifest.xml"):
        raise _RejectedError("file_encrypted", "tệp .ods được lưu có mật khẩu (nội dung mã hóa)")
    if any(n.startswith(("Basic/", "Scripts/")) for n in names):
        grid.warnings.append(("file_macro", "tệp chứa macro LibreOffice (Basic/Scripts); chỉ đọc giá trị"))
    if "content.xml" not in names:
        raise _RejectedError("file_unreadable", "thiếu content.xml (không phải bảng tính OpenDocument)")
    with archive.open("content.xml") as handle:
        sheets = scan_content(handle)
    _name_sheets(grid, [sheet.name for sheet in sheets], limits, wanted)
    for sheet in sheets:
        scan = _Extent(limits=limits, label=sheet.name)
        if sheet.max_row * sheet.max_col > limits.max_cells_per_sheet:
            raise scan.too_large(f"vùng dữ liệu {_n(sheet.max_row)} dòng × {_n(sheet.max_col)} cột vượt giới hạn ô")
        if sheet.name in grid.matched.values():
            if sheet.notes.last_row > limits.max_rows_per_sheet:
                raise scan.too_large(
                    f"có dữ liệu ở dòng {_n(sheet.notes.last_row)}, giới hạn {_n(limits.max_rows_per_sheet)} dòng"
                )
            grid.notes[sheet.name] = sheet.notes


def _read_ole(path: Path, limits: Limits, wanted: Sequence[str] | None, grid: WorkbookGrid) -> None:
    """A compound (OLE/CFB) file: an encrypted workbook is refused, an Excel 97-2003 .xls is read.

    BIFF8 bounds a sheet to 65,536 rows × 256 columns, and only the template's
    sheets are ever materialised, each checked against the limits before its
    values are handed on. calamine shows neither formulas nor error cells of
    an .xls: they are read as their cached value or as empty.
    """
    data = path.read_bytes()
    if _ENCRYPTED_STREAM in data:
        raise _RejectedError("file_encrypted", "sổ làm việc có mật khẩu (EncryptedPackage)")
    if _VBA_STORAGE in data:
        grid.warnings.append(("file_macro", "tệp .xls chứa macro VBA; chỉ đọc giá trị"))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError:
        raise _RejectedError("file_encrypted", "tệp .xls có mật khẩu") from None
    with workbook:
        _name_sheets(grid, list(workbook.sheet_names), limits, wanted)
        for name in grid.matched.values():
            sheet = workbook.get_sheet_by_name(name)
            scan = _Extent(limits=limits, label=name)
            end = sheet.end or (-1, -1)
            if (end[0] + 1) * (end[1] + 1) > limits.max_cells_per_sheet:
                raise scan.too_large(f"vùng dữ liệu đến dòng {_n(end[0] + 1)}, cột {end[1] + 1} vượt giới hạn ô")
            rows = sheet.to_python(skip_empty_area=False)
            notes = SheetNotes(merged=list(sheet.merged_cell_ranges or [])[:_MERGES_REPORTED])
            notes.merged_total = len(sheet.merged_cell_ranges or [])
            notes.last_row = max((i + 1 for i, row in enumerate(rows) if any(_filled(v) for v in row)), default=0)
            if notes.last_row > limits.max_rows_per_sheet:
                limit = _n(limits.max_rows_per_sheet)
                raise scan.too_large(f"có dữ liệu ở dòng {_n(notes.last_row)}, giới hạn {limit} dòng")
            notes.trailing_blank_rows = len(rows) - notes.last_row
            grid.notes[name], grid.sheets[name] = notes, rows[: notes.last_row]


def _filled(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _match(grid: WorkbookGrid, wanted: Sequence[str] | None) -> None:
    keys = {sheet_key(w): w for w in (wanted if wanted is not None else [])}
    for name in grid.sheet_names:
        template = name if wanted is None else keys.get(sheet_key(name))
        if template is None:
            grid.extra_sheets.append(name)
        elif template in grid.matched:
            grid.duplicate_sheets.append((name, grid.matched[template]))
        else:
            grid.matched[template] = name


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    """Entries, sizes, ratios, macros and XML prologues, before anything is parsed.

    Every entry is decompressed once here: zipfile stops at the declared size
    and checks the CRC, so a lying header is a rejection, not a surprise.
    """
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise _RejectedError(
            "xlsx_structure_unsafe", f"{len(infos)} phần trong tệp nén, giới hạn {limits.max_zip_entries}"
        )
    names = [i.filename for i in infos]
    folded = [n.lower() for n in names]
    odd = [n for n in names if "\\" in n or n.startswith("/") or ".." in n.split("/")]
    if len(set(folded)) != len(folded) or odd:
        dupes = sorted({n for n in names if folded.count(n.lower()) > 1} | set(odd))
        raise _RejectedError("xlsx_structure_unsafe", f"phần trùng tên hoặc tên bất thường: {', '.join(dupes)[:200]}")
    if any(i.flag_bits & 0x1 for i in infos):
        raise _RejectedError("xlsx_structure_unsafe", "có phần được mã hóa trong tệp nén")
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_mb * _MB:
        raise _RejectedError(
            "file_too_large", f"giải nén ra {total / _MB:.1f} MB, giới hạn {limits.max_uncompressed_mb:g} MB"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_GRACE_BYTES and ratio > limits.max_zip_ratio:
            raise _RejectedError(
                "zip_ratio_too_high", f"{info.filename}: tỷ lệ nén {ratio:.0f}:1, giới hạn {limits.max_zip_ratio:g}:1"
            )
    for info in infos:
        xml = info.filename.lower().endswith((".xml", ".rels"))
        tail = b""
        with archive.open(info) as handle:
            while chunk := handle.read(_MB):
                window = tail + chunk
                if xml and (b"<!DOCTYPE" in window or b"<!ENTITY" in window):
                    raise _RejectedError("xlsx_structure_unsafe", f"{info.filename}: khai báo DOCTYPE/ENTITY trong XML")
                tail = chunk[-16:]


def _xml(archive: zipfile.ZipFile, part: str) -> Any:
    return etree.fromstring(archive.read(part), _parser())


def _workbook_sheets(archive: zipfile.ZipFile) -> list[tuple[str, str | None]]:
    """(sheet name, zip part) in workbook order, through xl/workbook.xml and its relationships."""
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise _RejectedError("file_unreadable", "thiếu xl/workbook.xml (không phải sổ làm việc Excel)")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _xml(archive, "xl/_rels/workbook.xml.rels").iter("{*}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            part = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id") or ""] = part
    sheets = []
    for sheet in _xml(archive, "xl/workbook.xml").iter("{*}sheet"):
        part = targets.get(sheet.get(f"{{{_REL_NS}}}id") or "")
        sheets.append((sheet.get("name") or "", part if part in names else None))
    return sheets


def _shared_strings(archive: zipfile.ZipFile) -> set[int]:
    """Indices of the shared strings that are blank; refuses a false string count.

    calamine reserves memory for the declared ``uniqueCount`` before reading
    a single string.
    """
    blank: set[int] = set()
    for part in (n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")):
        declared, count = 0, 0
        with archive.open(part) as handle:
            for event, element in etree.iterparse(
                handle, events=("start", "end"), resolve_entities=False, no_network=True, load_dtd=False
            ):
                if event == "start":
                    if _is(element.tag, "sst"):
                        declared = _int(element.get("uniqueCount"), 0)
                    continue
                if not _is(element.tag, "si"):
                    continue
                if not "".join(element.itertext()).strip():
                    blank.add(count)
                count += 1
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        if declared > count + 1000:
            raise _RejectedError(
                "xlsx_structure_unsafe", f"{part}: khai báo {declared} chuỗi nhưng chỉ có {count} (khai báo sai)"
            )
    return blank


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _xml_parts(archive: zipfile.ZipFile) -> list[str]:
    """Every part that is XML, whatever its name, root or place in the package.

    calamine reads whatever part a relationship points at as a sheet; scanning
    every XML part for cells leaves none unchecked (a part without rows costs
    one quick pass).
    """
    parts = []
    for name in archive.namelist():
        root, doctype = _root_of(archive, name)
        if root is None:
            continue
        if doctype and root != "svg":  # an SVG picture may carry its standard DOCTYPE (never resolved)
            raise _RejectedError("xlsx_structure_unsafe", f"{name}: khai báo DOCTYPE trong XML")
        parts.append(name)
    return parts


_PROLOG = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")


def _root_of(archive: zipfile.ZipFile, name: str) -> tuple[str | None, bool]:
    """(local name of the root element, has a DOCTYPE), reading only as far as the root; None if not XML.

    The usual part (declaration, then the root element) is recognised from its
    first bytes; anything else (comments, DOCTYPE, odd encodings) is parsed.
    """
    with archive.open(name) as handle:
        head = handle.read(512)
    plain = _PROLOG.match(head)
    if plain is not None:
        return plain.group(2).decode("ascii"), False
    parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False)
    with archive.open(name) as handle:
        while chunk := handle.read(4096):
            try:
                parser.feed(chunk)
            except etree.XMLSyntaxError:
                return None, False
            for _, element in parser.read_events():
                tag = element.tag if isinstance(element.tag, str) else ""
                return tag.rsplit("}", 1)[-1], bool(element.getroottree().docinfo.doctype)
    return None, False


_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


@functools.lru_cache(maxsize=4096)
def _column_number(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def _cell_ref(ref: str) -> tuple[int, int]:
    """'AB12' -> (12, 28), 1-based; a malformed reference is unsafe, not guessed."""
    match = _REF.fullmatch(ref)
    if match is None:
        raise _RejectedError("xlsx_structure_unsafe", f"địa chỉ ô không hợp lệ: {ref[:20]}")
    return int(match.group(2)), _column_number(match.group(1))


def _is(tag: Any, name: str) -> bool:
    """Element tag test that ignores the namespace (plain or prefixed files)."""
    return isinstance(tag, str) and (tag == name or tag.endswith("}" + name))


def _scan_sheet(
    archive: zipfile.ZipFile, part: str, blank_strings: set[int], limits: Limits, *, wanted: bool, label: str
) -> SheetNotes:
    """One streaming pass over a sheet's XML: extent, last row with content, formulas, errors, merges.

    Stops at the first limit crossed. The area limit applies to every sheet
    (it is what calamine would allocate); the row limit to the sheets read.
    """
    notes = SheetNotes()
    if not wanted and not _mentions(archive, part, b"row"):
        return notes  # no row element can hide in a part that never spells "row"
    scan = _Extent(limits=limits, label=label)
    if archive.getinfo(part).file_size <= _FAST_SCAN_BYTES:
        fast = _scan_plain_sheet(archive.read(part), scan, blank_strings, wanted)
        if fast is not None:
            return fast
    with archive.open(part) as handle:
        context = etree.iterparse(
            handle,
            events=("end",),
            tag=("{*}row", "{*}mergeCell", "row", "mergeCell"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        for _, element in context:
            if _is(element.tag, "mergeCell"):
                if wanted:
                    _note_merge(element.get("ref") or "", notes)
            else:
                _scan_row(element, scan, notes, blank_strings, wanted)
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    notes.trailing_blank_rows = scan.blank_rows_after
    return notes


# The common sheet (values only: no formula, error or merged cell, every cell with its
# address) is scanned with byte patterns instead of an element tree: the same
# extent, limits and last row, about five times faster. Anything else goes the long way.
_FAST_SCAN_BYTES = 4 * _MB
_NOT_PLAIN = re.compile(rb'<(?:[\w.-]+:)?(?:f|mergeCell)[\s>/]|\st="e"|<!\[CDATA\[|<!--')
_CELL = re.compile(rb"<((?:[\w.-]+:)?)c(\s[^>]*?)?(?:/>|>(.*?)</\1c>)", re.S)
_CELL_OPEN = re.compile(rb"<(?:[\w.-]+:)?c[\s>/]")
_ATTR_REF = re.compile(rb'\sr="([A-Za-z]{1,3})([0-9]{1,7})"')
_ATTR_TYPE = re.compile(rb'\st="([A-Za-z]+)"')
_VALUE_TEXT = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</", re.S)
_INLINE_TEXT = re.compile(rb"<(?:[\w.-]+:)?t(?:\s[^>]*)?>([^<]*)</", re.S)


def _scan_plain_sheet(data: bytes, scan: _Extent, blank_strings: set[int], wanted: bool) -> SheetNotes | None:
    """The pass of :func:`_scan_sheet` for a plain sheet; None when the sheet is not plain."""
    if _NOT_PLAIN.search(data):
        return None
    cells = _CELL.findall(data)
    if len(cells) != len(_CELL_OPEN.findall(data)):
        return None
    notes = SheetNotes()
    limits = scan.limits
    filled_rows: set[int] = set()
    for _, attrs, inner in cells:
        ref = _ATTR_REF.search(attrs or b"")
        if ref is None:
            return None  # a cell without its address: positions must be counted, the long way
        if not inner.strip():
            continue  # a formatted but empty cell: calamine does not allocate it
        row, col = int(ref.group(2)), _column_number(ref.group(1).decode("ascii"))
        scan.max_row, scan.max_col = max(scan.max_row, row), max(scan.max_col, col)
        if scan.max_row * scan.max_col > limits.max_cells_per_sheet:
            where = ref.group(0).decode("ascii").split('"')[1]
            raise scan.too_large(f"vùng dữ liệu đến ô {where} vượt {_n(limits.max_cells_per_sheet)} ô")
        filled_rows.add(row)
        # Sheets that are not read need only their extent (what calamine would allocate).
        if wanted and _holds_value(attrs, inner, blank_strings):
            if wanted and row > limits.max_rows_per_sheet:
                raise scan.too_large(f"có dữ liệu ở dòng {_n(row)}, giới hạn {_n(limits.max_rows_per_sheet)} dòng")
            notes.last_row = max(notes.last_row, row)
    notes.trailing_blank_rows = sum(1 for row in filled_rows if row > notes.last_row)
    return notes


def _holds_value(attrs: bytes, inner: bytes, blank_strings: set[int]) -> bool:
    kind = _ATTR_TYPE.search(attrs or b"")
    kind_name = kind.group(1) if kind else b"n"
    if kind_name == b"inlineStr" or b"<is" in inner or b":is" in inner:
        return bool(b"".join(_INLINE_TEXT.findall(inner)).decode("utf-8", "replace").strip())
    value = _VALUE_TEXT.search(inner)
    text = value.group(1).decode("utf-8", "replace").strip() if value else ""
    if kind_name == b"s":
        return text != "" and _int(text, -1) not in blank_strings
    return text != ""


def _mentions(archive: zipfile.ZipFile, part: str, word: bytes) -> bool:
    tail = b""
    with archive.open(part) as handle:
        while chunk := handle.read(_MB):
            if word in tail + chunk:
                return True
            tail = chunk[-len(word) :]
    return False


@dataclass
class _Extent:
    limits: Limits
    label: str
    max_row: int = 0
    max_col: int = 0
    row_number: int = 0
    blank_rows_after: int = 0

    def too_large(self, detail: str) -> _RejectedError:
        return _RejectedError("sheet_too_large", detail, sheet=self.label)


def _n(number: int) -> str:
    """12345 -> '12.345' (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def _note_merge(ref: str, notes: SheetNotes) -> None:
    notes.merged_total += 1
    if ":" in ref and len(notes.merged) < _MERGES_REPORTED:
        (r1, c1), (r2, c2) = (_cell_ref(x) for x in ref.split(":", 1))
        notes.merged.append(((r1 - 1, c1 - 1), (r2 - 1, c2 - 1)))


def _scan_row(row: Any, scan: _Extent, notes: SheetNotes, blank_strings: set[int], wanted: bool) -> None:
    limits = scan.limits
    scan.row_number = _int(row.get("r"), scan.row_number + 1)
    col_number = 0
    has_content = has_value = False
    for cell in row:
        if not _is(cell.tag, "c"):
            continue
        ref = cell.get("r")
        cell_row, col_number = _cell_ref(ref) if ref else (scan.row_number, col_number + 1)
        if len(cell) == 0:
            continue  # a formatted but empty cell: calamine does not allocate it
        has_content = True
        scan.max_row = max(scan.max_row, cell_row, scan.row_number)
        scan.max_col = max(scan.max_col, col_number)
        if scan.max_row * scan.max_col > limits.max_cells_per_sheet:
            raise scan.too_large(f"vùng dữ liệu đến ô {ref or col_number} vượt {_n(limits.max_cells_per_sheet)} ô")
        if _note_cell(cell, (cell_row - 1, col_number - 1), notes, blank_strings, wanted):
            has_value = True
            if wanted and cell_row > limits.max_rows_per_sheet:
                raise scan.too_large(f"có dữ liệu ở dòng {_n(cell_row)}, giới hạn {_n(limits.max_rows_per_sheet)} dòng")
            notes.last_row = max(notes.last_row, cell_row)
    if has_value:
        scan.blank_rows_after = 0
    elif has_content:
        scan.blank_rows_after += 1


def _note_cell(cell: Any, where: tuple[int, int], notes: SheetNotes, blank_strings: set[int], wanted: bool) -> bool:
    """Record a formula or error cell; True when the cell holds something (not only blanks)."""
    formula = value = inline = None
    for child in cell:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag[-1] == "v" and _is(tag, "v"):
            value = child
        elif tag[-1] == "f" and _is(tag, "f"):
            formula = child
        elif _is(tag, "is"):
            inline = child
    kind = cell.get("t", "n")
    text = value.text if value is not None and value.text is not None else ""
    if kind == "e":
        if wanted:
            notes.errors[where] = text or "#ERROR"
        return True
    if formula is not None:
        if wanted:
            notes.formulas[where] = (formula.text or "", text != "")
        return True
    if inline is not None:
        return bool("".join(inline.itertext()).strip())
    if kind == "s":
        return text.strip() != "" and _int(text.strip(), -1) not in blank_strings
    return text.strip() != ""
