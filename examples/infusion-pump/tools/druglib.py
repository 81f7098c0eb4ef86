"""Drug library tool for the Aquila VP-300 (a fictional infusion pump).

Reads a drug library as the pharmacy exports it (CSV, XLSX or JSON), checks it against
the structure rules the pump applies at import (SRS-001), and builds the binary library
image with the per-entry and whole-image CRC-32s that the pump verifies (SRS-017), so
that a library the pump would reject is caught before it is signed and released. It
reads a library only if it means one thing to every reader (no column or JSON member
given twice) and rejects entries the pump's drug list could not tell apart (SRS-026).

The image layout is the one of ``firmware/src/library.rs``; values are fixed-point
integers counting millionths of their unit, read from the decimal text without
floating point (an XLSX number cell is taken only if it is an exact decimal of at most
15 significant digits, see ``xlsx_cell_text``).

Needs Python 3.9 or later and openpyxl, which reads the XLSX workbooks; install the
pinned, hash-checked versions with
``python3 -m pip install --require-hashes -r requirements.txt`` (their SOUP record is
in ``dhf/soup``). Everything else is the standard library.

Usage::

    python3 druglib.py LIBRARY.csv --version 48 [--image OUT.bin]
    python3 druglib.py LIBRARY.xlsx --version 48 [--image OUT.bin]
    python3 druglib.py LIBRARY.json [--image OUT.bin]
"""

from __future__ import annotations

import argparse
import csv
import json
import struct
import sys
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

SCALE = 1_000_000
MAX_CARE_AREAS = 16
MAX_ENTRIES = 1_500
MAX_NAME_CHARS = 32
RATE_MIN, RATE_MAX = 100_000, 999_900_000  # 0.1 and 999.9 mL/h
BOLUS_RATE_MIN = 50 * SCALE
KVO_MAX = 5 * SCALE

#: The dosing units in the order of their codes in the image (1 to 6).
UNITS = ("mL/h", "mg/h", "mg/kg/h", "mcg/kg/min", "units/h", "units/kg/h")

CSV_COLUMNS = (
    "entry_no", "care_area", "area_name", "weight_min_kg", "weight_max_kg",
    "max_rate_ml_h", "drug", "conc_amount", "conc_volume_ml", "unit", "hard_min",
    "soft_min", "soft_max", "hard_max", "bolus_max", "bolus_rate_ml_h",
    "bolus_lockout_min", "kvo_ml_h",
)

#: The most significant digits a double is known to carry exactly (DBL_DIG).
EXACT_DIGITS = 15


class LibraryFormatError(ValueError):
    """The file cannot be read as a drug library at all."""


@dataclass
class CareArea:
    id: int
    name: str
    weight_min_kg: int
    weight_max_kg: int
    max_rate_ml_h: int


@dataclass
class Bolus:
    max_dose: int
    rate_ml_h: int
    lockout_s: int


@dataclass
class DrugEntry:
    entry_no: int
    care_area: int
    name: str
    conc_amount: int
    conc_volume_ml: int
    unit: str
    hard_min: int
    soft_min: int
    soft_max: int
    hard_max: int
    bolus: Bolus | None
    kvo_ml_h: int


@dataclass
class Library:
    version: int
    areas: list[CareArea]
    entries: list[DrugEntry]


def to_fixed(value: object, what: str) -> int:
    """A decimal value (text, int or Decimal, never float) as millionths of its unit."""
    if isinstance(value, float) or isinstance(value, bool):
        raise LibraryFormatError(f"{what}: {value!r} must be written as an exact decimal")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise LibraryFormatError(f"{what}: {value!r} is not a number") from None
    scaled = number * SCALE
    if not number.is_finite() or scaled != scaled.to_integral_value():
        raise LibraryFormatError(f"{what}: {value!r} has more than six decimals")
    return int(scaled)


def to_int(value: object, what: str) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise LibraryFormatError(f"{what}: {value!r} is not a whole number") from None


def _bolus(max_dose: object, rate: object, lockout_min: object, what: str) -> Bolus | None:
    if max_dose in (None, ""):
        return None
    lockout_s = to_fixed(lockout_min, f"{what} bolus lockout") * 60
    if lockout_s % SCALE:
        raise LibraryFormatError(f"{what}: bolus lockout must be whole seconds")
    return Bolus(to_fixed(max_dose, f"{what} bolus max"), to_fixed(rate, f"{what} bolus rate"),
                 lockout_s // SCALE)


def _entry(row: dict, what: str) -> DrugEntry:
    f = lambda key: to_fixed(row[key], f"{what} {key}")  # noqa: E731
    return DrugEntry(
        entry_no=to_int(row["entry_no"], f"{what} entry_no"),
        care_area=to_int(row["care_area"], f"{what} care_area"),
        name=str(row["drug"]).strip(),
        conc_amount=f("conc_amount"),
        conc_volume_ml=f("conc_volume_ml"),
        unit=str(row["unit"]).strip(),
        hard_min=f("hard_min"),
        soft_min=f("soft_min"),
        soft_max=f("soft_max"),
        hard_max=f("hard_max"),
        bolus=_bolus(row.get("bolus_max"), row.get("bolus_rate_ml_h"),
                     row.get("bolus_lockout_min"), what),
        kvo_ml_h=f("kvo_ml_h"),
    )


def _from_rows(rows: Iterable[tuple[str, dict]], version: int) -> tuple[Library, list[str]]:
    """A library from table rows (CSV or XLSX): one row per entry, its care area's
    settings repeated on each row; each row comes with where it is, for messages.

    Returns the library and the problems found while reading (rows that disagree
    about a care area)."""
    problems: list[str] = []
    areas: dict[int, CareArea] = {}
    entries = []
    for what, row in rows:
        area = CareArea(
            id=to_int(row["care_area"], f"{what} care_area"),
            name=row["area_name"].strip(),
            weight_min_kg=to_fixed(row["weight_min_kg"], f"{what} weight_min_kg"),
            weight_max_kg=to_fixed(row["weight_max_kg"], f"{what} weight_max_kg"),
            max_rate_ml_h=to_fixed(row["max_rate_ml_h"], f"{what} max_rate_ml_h"),
        )
        known = areas.setdefault(area.id, area)
        if known != area:
            problems.append(f"{what}: care area {area.id} differs from its first row")
        entries.append(_entry(row, what))
    return Library(version, list(areas.values()), entries), problems


# implements: SRS-026, RCM-009
def _check_columns(path: Path, header: Iterable[object]) -> None:
    """Every column the library needs, each once: ``csv.DictReader`` would take the last
    of two columns of one name and the XLSX reader the first, so a duplicated column could
    give a value nobody reviewed (SRS-026)."""
    header = list(header)
    missing = set(CSV_COLUMNS) - set(header)
    if missing:
        raise LibraryFormatError(f"{path}: missing columns {', '.join(sorted(missing))}")
    twice = sorted({name for name in header if name in CSV_COLUMNS and header.count(name) > 1})
    if twice:
        raise LibraryFormatError(f"{path}: columns given more than once: {', '.join(twice)}")


def load_csv(path: Path, version: int) -> tuple[Library, list[str]]:
    """A CSV export: one row per entry, its care area's settings repeated on each row.

    Returns the library and the problems found while reading (rows that disagree
    about a care area)."""
    # "utf-8-sig": Excel's "CSV UTF-8" starts the file with a byte order mark, which must
    # not become part of the first column's name (PRB-004).
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        _check_columns(path, reader.fieldnames or ())
        return _from_rows(((f"line {line}", row) for line, row in enumerate(reader, start=2)),
                          version)


def xlsx_cell_text(value: object, data_type: str, what: str) -> str:
    """An XLSX cell's value as the text a CSV export would hold in its place.

    A spreadsheet keeps numbers as doubles, and openpyxl gives a number cell as an int
    or a float. A float is taken as the shortest decimal that reads back as the same
    double (``repr``), and only when that decimal has at most 15 significant digits:
    a decimal of at most 15 digits, as typed into the spreadsheet, survives the trip
    through a double unchanged, so it is recovered exactly. A longer one is the trace
    of a computation (``10 / 3``, ``0.1 + 0.2``), not a value anyone wrote, and is
    refused, as are formulas, error values, dates and true/false cells."""
    if data_type == "f":
        raise LibraryFormatError(f"{what}: a formula; the export must hold values")
    if data_type == "e":
        raise LibraryFormatError(f"{what}: the cell holds the error {value}")
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        number = Decimal(text)
        if not number.is_finite() or len(number.normalize().as_tuple().digits) > EXACT_DIGITS:
            raise LibraryFormatError(
                f"{what}: {text} is not an exact decimal; write the value as it is meant")
        return text
    raise LibraryFormatError(f"{what}: {value!r} is neither a number nor text")


def load_xlsx(path: Path, version: int) -> tuple[Library, list[str]]:
    """An XLSX export: the first worksheet, laid out as the CSV export, with the same
    column names in its first row and one row per entry. Empty rows are skipped.

    Returns the library and the problems found while reading (rows that disagree
    about a care area)."""
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, SyntaxError) as err:
        raise LibraryFormatError(f"{path}: not an XLSX workbook ({err})") from None
    try:
        sheets = workbook.worksheets
        if sheets:
            # The stored dimensions may be wrong or missing: read every row there is.
            sheets[0].reset_dimensions()
            cells = [[(c.value, c.data_type) for c in row] for row in sheets[0].iter_rows()]
    except (KeyError, ValueError, SyntaxError) as err:
        raise LibraryFormatError(f"{path}: the first worksheet cannot be read ({err})") from None
    finally:
        workbook.close()
    if not sheets or not cells:
        raise LibraryFormatError(f"{path}: no worksheet, or the first one is empty")
    header = [str(value).strip() if value is not None else "" for value, _ in cells[0]]
    _check_columns(path, header)
    column = {name: header.index(name) for name in CSV_COLUMNS}

    def rows() -> Iterable[tuple[str, dict]]:
        for number, row in enumerate(cells[1:], start=2):
            if all(value in (None, "") for value, _ in row):
                continue
            what = f"row {number}"
            text = {}
            for name, i in column.items():
                value, data_type = row[i] if i < len(row) else (None, "n")
                text[name] = xlsx_cell_text(value, data_type, f"{what} {name}")
            yield what, text

    return _from_rows(rows(), version)


# implements: SRS-026, RCM-009
def _unique_members(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object whose member names are all different. JSON leaves duplicates open
    (RFC 8259): Python's reader keeps the last, cJSON on the pump finds the first, so a
    library with a duplicated member would mean one thing here and another on the pump."""
    seen: dict = {}
    for name, value in pairs:
        if name in seen:
            raise LibraryFormatError(f"member {name!r} given more than once in one object")
        seen[name] = value
    return seen


def load_json(path: Path) -> tuple[Library, list[str]]:
    """A JSON library: ``{"version", "care_areas": [...], "entries": [...]}``, every
    object with each member name at most once."""
    with open(path, encoding="utf-8") as fh:
        try:
            data = json.load(fh, parse_float=Decimal, object_pairs_hook=_unique_members)
        except LibraryFormatError as err:
            raise LibraryFormatError(f"{path}: {err}") from None
    try:
        areas = [
            CareArea(to_int(a["id"], "care area id"), str(a["name"]).strip(),
                     to_fixed(a["weight_min_kg"], f"care area {a['id']} weight_min_kg"),
                     to_fixed(a["weight_max_kg"], f"care area {a['id']} weight_max_kg"),
                     to_fixed(a["max_rate_ml_h"], f"care area {a['id']} max_rate_ml_h"))
            for a in data["care_areas"]
        ]
        entries = []
        for e in data["entries"]:
            bolus = e.get("bolus") or {}
            row = dict(e, bolus_max=bolus.get("max"), bolus_rate_ml_h=bolus.get("rate_ml_h"),
                       bolus_lockout_min=bolus.get("lockout_min"))
            entries.append(_entry(row, f"entry {e.get('entry_no')}"))
        return Library(to_int(data["version"], "version"), areas, entries), []
    except (KeyError, TypeError) as err:
        raise LibraryFormatError(f"{path}: missing or malformed field {err}") from None


def load(path: Path | str, version: int | None = None) -> tuple[Library, list[str]]:
    """Loads a library by its file suffix; a CSV or XLSX file needs the library version."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return load_json(path)
    tables = {".csv": ("a CSV", load_csv), ".xlsx": ("an XLSX", load_xlsx)}
    if suffix in tables:
        kind, loader = tables[suffix]
        if version is None:
            raise LibraryFormatError(f"{path}: {kind} library needs --version")
        return loader(path, version)
    raise LibraryFormatError(f"{path}: not a .csv, .xlsx or .json file")


def _name_ok(name: str) -> bool:
    return 1 <= len(name) <= MAX_NAME_CHARS


# implements: SRS-001
def validate(lib: Library) -> list[str]:
    """Every violation of the structure rules of SRS-001; empty when the library is valid.

    A library with any violation must not be released: the pump rejects it as a whole."""
    problems = []
    if not 0 <= lib.version <= 0xFFFF_FFFF:
        problems.append(f"version {lib.version} is not a 32-bit counter")
    if len(lib.areas) > MAX_CARE_AREAS:
        problems.append(f"{len(lib.areas)} care areas, at most {MAX_CARE_AREAS} allowed")
    if len(lib.entries) > MAX_ENTRIES:
        problems.append(f"{len(lib.entries)} entries, at most {MAX_ENTRIES} allowed")
    area_ids = set()
    for a in lib.areas:
        if a.id in area_ids:
            problems.append(f"care area {a.id}: duplicate id")
        area_ids.add(a.id)
        if not 1 <= a.id <= 255 or not _name_ok(a.name):
            problems.append(f"care area {a.id}: id must be 1 to 255, name 1 to 32 characters")
        if not 0 < a.weight_min_kg < a.weight_max_kg:
            problems.append(f"care area {a.id}: weight range must be positive and increasing")
        if not RATE_MIN <= a.max_rate_ml_h <= RATE_MAX:
            problems.append(f"care area {a.id}: maximum rate must be 0.1 to 999.9 mL/h")
    numbers = set()
    for e in lib.entries:
        where = f"entry {e.entry_no} ({e.name})"
        if e.entry_no in numbers:
            problems.append(f"{where}: duplicate entry number")
        numbers.add(e.entry_no)
        if not 1 <= e.entry_no <= 0xFFFF:
            problems.append(f"{where}: entry number must be 1 to 65535")
        if e.care_area not in area_ids:
            problems.append(f"{where}: unknown care area {e.care_area}")
        if not _name_ok(e.name):
            problems.append(f"{where}: name must be 1 to {MAX_NAME_CHARS} characters")
        if e.unit not in UNITS:
            problems.append(f"{where}: unknown dosing unit {e.unit!r}")
        if e.conc_amount <= 0 or e.conc_volume_ml <= 0:
            problems.append(f"{where}: concentration amount and volume must be positive")
        if not 0 <= e.hard_min <= e.soft_min <= e.soft_max <= e.hard_max:
            problems.append(f"{where}: limits must be ordered hard min <= soft min <= soft max <= hard max")
        if e.bolus is not None and not (
            e.bolus.max_dose > 0 and BOLUS_RATE_MIN <= e.bolus.rate_ml_h <= RATE_MAX
            and 0 <= e.bolus.lockout_s <= 0xFFFF_FFFF
        ):
            problems.append(f"{where}: bolus needs a positive maximum and a rate of 50 to 999.9 mL/h")
        if not 0 <= e.kvo_ml_h <= KVO_MAX:
            problems.append(f"{where}: KVO rate must be 0 to 5.0 mL/h")
    problems += indistinguishable(lib)
    return problems


# implements: SRS-026, RCM-009
def indistinguishable(lib: Library) -> list[str]:
    """Entries of one care area with the same drug name (whatever its case and surrounding
    spaces) and the same concentration: the pump's drug list shows name and concentration,
    so the clinician could not tell them apart, and the pump rejects the library (SRS-026).
    An entry number given twice is reported as such by ``validate``, not here."""
    first: dict[tuple, DrugEntry] = {}
    problems = []
    for e in sorted(lib.entries, key=lambda e: e.entry_no):
        key = (e.care_area, e.name.strip().lower(), e.conc_amount, e.conc_volume_ml)
        other = first.setdefault(key, e)
        if other.entry_no != e.entry_no:
            problems.append(f"entry {e.entry_no} ({e.name}): same drug name and concentration "
                            f"as entry {other.entry_no} in care area {e.care_area}")
    return problems


def _name(name: str) -> bytes:
    raw = name.encode("utf-8")
    return struct.pack("<B", len(raw)) + raw


def area_bytes(a: CareArea) -> bytes:
    return struct.pack("<B", a.id) + _name(a.name) + struct.pack(
        "<qqq", a.weight_min_kg, a.weight_max_kg, a.max_rate_ml_h)


# implements: SRS-017
def entry_bytes(e: DrugEntry) -> bytes:
    """The entry's bytes in the image, over which its CRC-32 is computed."""
    b = e.bolus or Bolus(0, 0, 0)
    return (
        struct.pack("<HBB", e.entry_no, e.care_area, UNITS.index(e.unit) + 1)
        + _name(e.name)
        + struct.pack("<qqqqqq", e.conc_amount, e.conc_volume_ml,
                      e.hard_min, e.soft_min, e.soft_max, e.hard_max)
        + struct.pack("<BqqIq", e.bolus is not None, b.max_dose, b.rate_ml_h, b.lockout_s,
                      e.kvo_ml_h)
    )


def crc32(data: bytes) -> int:
    """CRC-32 as the pump computes it: zlib's ``crc32()`` with initial value 0."""
    return zlib.crc32(data) & 0xFFFF_FFFF


# implements: SRS-017, RCM-002
def image(lib: Library) -> bytes:
    """The library image the pump stores, ending with the CRC-32 of everything before it.

    Only for a library that ``validate`` accepts."""
    areas = sorted(lib.areas, key=lambda a: a.id)
    entries = sorted(lib.entries, key=lambda e: e.entry_no)
    out = bytearray(b"VP3L" + struct.pack("<IB", lib.version, len(areas)))
    for a in areas:
        out += area_bytes(a)
    out += struct.pack("<H", len(entries))
    for e in entries:
        body = entry_bytes(e)
        out += body + struct.pack("<I", crc32(body))
    return bytes(out + struct.pack("<I", crc32(bytes(out))))


def image_crc(lib: Library) -> int:
    """The CRC-32 of the library image that the pump checks at power-on and every 10 min."""
    return struct.unpack("<I", image(lib)[-4:])[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a VP-300 drug library and compute its CRC.")
    parser.add_argument("library", type=Path, help="the library, .csv, .xlsx or .json")
    parser.add_argument("--version", type=int, help="the library version (for CSV and XLSX)")
    parser.add_argument("--image", type=Path, help="write the binary library image here")
    args = parser.parse_args(argv)
    try:
        lib, problems = load(args.library, args.version)
    except (OSError, LibraryFormatError, json.JSONDecodeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    problems += validate(lib)
    if problems:
        for p in problems:
            print(f"rejected: {p}", file=sys.stderr)
        return 1
    data = image(lib)
    if args.image:
        args.image.write_bytes(data)
    print(f"library version {lib.version}: {len(lib.entries)} entries in {len(lib.areas)} "
          f"care areas, image CRC-32 0x{image_crc(lib):08X}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
