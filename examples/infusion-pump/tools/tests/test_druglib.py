"""Tests of the drug library tool: the structure rules of SRS-001 and the CRC-32s of SRS-017."""

import copy
import csv
import dataclasses
import datetime
import struct
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import druglib

DATA = Path(__file__).parent / "data"
REFERENCE_CSV = DATA / "reference-library.csv"
REFERENCE_JSON = DATA / "reference-library.json"
REFERENCE_VERSION = 47
# The same value is asserted by the firmware's test `reference_library_image_crc_matches_library_tool`.
REFERENCE_IMAGE_CRC = 0x13774913


@pytest.fixture
def reference():
    lib, problems = druglib.load(REFERENCE_CSV, REFERENCE_VERSION)
    assert problems == []
    return lib


def entry(lib, number):
    return next(e for e in lib.entries if e.entry_no == number)


def problems_after(lib, change):
    lib = copy.deepcopy(lib)
    change(lib)
    return druglib.validate(lib)


# verifies: SRS-017
def test_crc32_check_value_of_123456789():
    assert druglib.crc32(b"123456789") == 0xCBF43926
    assert druglib.crc32(b"") == 0


# verifies: SRS-017, RCM-002
def test_crc32_detects_every_bit_flip_in_an_entry(reference):
    body = druglib.entry_bytes(entry(reference, 101))
    good = druglib.crc32(body)
    for bit in range(len(body) * 8):
        flipped = bytearray(body)
        flipped[bit // 8] ^= 1 << (bit % 8)
        assert druglib.crc32(bytes(flipped)) != good, bit


# verifies: SRS-017
def test_reference_library_image_crc_matches_pump(reference):
    assert druglib.image_crc(reference) == REFERENCE_IMAGE_CRC


# verifies: SRS-017
def test_reference_library_image_crc_same_from_csv_and_json(reference):
    from_json, problems = druglib.load(REFERENCE_JSON)
    assert problems == []
    assert from_json.version == REFERENCE_VERSION
    assert druglib.image(from_json) == druglib.image(reference)


# verifies: SRS-017
def test_image_layout_has_entry_crcs_and_trailing_image_crc(reference):
    data = druglib.image(reference)
    assert data[:4] == b"VP3L"
    assert struct.unpack_from("<IB", data, 4) == (REFERENCE_VERSION, 3)
    assert druglib.crc32(data[:-4]) == struct.unpack("<I", data[-4:])[0]
    heparin = druglib.entry_bytes(entry(reference, 101))
    at = data.index(heparin)
    stored = struct.unpack_from("<I", data, at + len(heparin))[0]
    assert stored == druglib.crc32(heparin)


# verifies: SRS-001
def test_reference_library_is_valid(reference):
    assert druglib.validate(reference) == []
    assert len(reference.areas) == 3
    assert len(reference.entries) == 8
    heparin = entry(reference, 101)
    assert (heparin.hard_min, heparin.soft_min, heparin.soft_max, heparin.hard_max) == (
        2_000_000, 10_000_000, 25_000_000, 35_000_000)
    assert heparin.bolus == druglib.Bolus(5_000_000_000, 300_000_000, 600)
    assert entry(reference, 104).bolus is None


# verifies: SRS-001
def test_limits_out_of_order_are_rejected(reference):
    def hard_max_below_soft_max(lib):
        entry(lib, 101).hard_max = 20_000_000

    def soft_min_below_hard_min(lib):
        entry(lib, 103).soft_min = 100_000

    for change, number in ((hard_max_below_soft_max, 101), (soft_min_below_hard_min, 103)):
        problems = problems_after(reference, change)
        assert len(problems) == 1
        assert problems[0].startswith(f"entry {number} ") and "limits must be ordered" in problems[0]


# verifies: SRS-001
def test_unknown_dosing_unit_is_rejected(reference):
    problems = problems_after(reference, lambda lib: setattr(entry(lib, 104), "unit", "mcg/kg/h"))
    assert problems == ["entry 104 (Norepinephrine): unknown dosing unit 'mcg/kg/h'"]


# verifies: SRS-001
def test_concentration_must_be_positive(reference):
    assert problems_after(reference, lambda lib: setattr(entry(lib, 103), "conc_amount", 0))
    assert problems_after(reference, lambda lib: setattr(entry(lib, 103), "conc_volume_ml", -1))


# verifies: SRS-001
def test_drug_name_of_33_characters_is_rejected(reference):
    assert problems_after(reference, lambda lib: setattr(entry(lib, 101), "name", "x" * 32)) == []
    problems = problems_after(reference, lambda lib: setattr(entry(lib, 101), "name", "x" * 33))
    assert len(problems) == 1 and "name must be 1 to 32 characters" in problems[0]


# verifies: SRS-001
def test_duplicate_entries_unknown_care_areas_and_bad_settings(reference):
    def damage(lib):
        lib.entries.append(copy.deepcopy(entry(lib, 101)))
        entry(lib, 201).care_area = 9
        entry(lib, 105).kvo_ml_h = 5_100_000
        entry(lib, 102).bolus.rate_ml_h = 49_900_000
        lib.areas[1].weight_max_kg = lib.areas[1].weight_min_kg

    problems = problems_after(reference, damage)
    assert len(problems) == 5
    for text in ("duplicate entry number", "unknown care area 9", "KVO rate",
                 "bolus needs", "weight range"):
        assert any(text in p for p in problems), text


# verifies: SRS-001
def test_library_size_limits(reference):
    def too_many(lib):
        template = lib.entries[0]
        lib.entries = [dataclasses.replace(template, entry_no=n) for n in range(1, 1_502)]
        lib.areas += [druglib.CareArea(i, f"Area {i}", 1_000_000, 2_000_000, 100_000_000)
                      for i in range(4, 18)]

    problems = problems_after(reference, too_many)
    assert "1501 entries, at most 1500 allowed" in problems
    assert "17 care areas, at most 16 allowed" in problems


# verifies: SRS-001
def test_csv_rows_of_one_care_area_must_agree(tmp_path):
    lines = REFERENCE_CSV.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("Adult ICU,30,250,999.9", "Adult ICU,40,250,999.9")
    path = tmp_path / "library.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, problems = druglib.load(path, 48)
    assert problems == ["line 3: care area 1 differs from its first row"]


# verifies: SRS-001
def test_csv_export_with_a_byte_order_mark_is_read(tmp_path, reference):
    # Excel's "CSV UTF-8" writes EF BB BF before the first column name (PRB-004)
    path = tmp_path / "library.csv"
    path.write_bytes(b"\xef\xbb\xbf" + REFERENCE_CSV.read_bytes())
    lib, problems = druglib.load(path, REFERENCE_VERSION)
    assert problems == []
    assert lib == reference
    assert druglib.image_crc(lib) == REFERENCE_IMAGE_CRC


# verifies: SRS-001
def test_values_are_read_as_exact_decimals():
    assert druglib.to_fixed("0.1", "x") == 100_000
    assert druglib.to_fixed(Decimal("999.9"), "x") == 999_900_000
    assert druglib.to_fixed(" 25000 ", "x") == 25_000_000_000
    for bad in ("0.0000001", "abc", "", "NaN", 0.1):
        with pytest.raises(druglib.LibraryFormatError):
            druglib.to_fixed(bad, "x")


# verifies: SRS-001, SRS-017
def test_command_line_accepts_valid_and_rejects_invalid_libraries(tmp_path, capsys):
    out = tmp_path / "library.bin"
    assert druglib.main([str(REFERENCE_CSV), "--version", "47", "--image", str(out)]) == 0
    assert "image CRC-32 0x13774913" in capsys.readouterr().out
    assert out.read_bytes()[-4:] == struct.pack("<I", REFERENCE_IMAGE_CRC)
    bad = tmp_path / "bad.csv"
    bad.write_text(REFERENCE_CSV.read_text(encoding="utf-8").replace("units/kg/h", "units/kg/d", 1),
                   encoding="utf-8")
    assert druglib.main([str(bad), "--version", "48"]) == 1
    assert "unknown dosing unit 'units/kg/d'" in capsys.readouterr().err
    assert druglib.main([str(REFERENCE_CSV)]) == 2


def spreadsheet_value(text):
    """A CSV cell as a spreadsheet holds it: a number where the text is one, as a
    pharmacy system's XLSX export writes it, and no cell where the text is empty."""
    if text == "":
        return None
    for number in (int, float):
        try:
            return number(text)
        except ValueError:
            pass
    return text


def write_xlsx(path, rows, convert=spreadsheet_value, extra_sheet=None):
    """Writes `rows` (the first is the header) to the first worksheet of a new workbook."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Library"
    for row in rows:
        sheet.append([convert(cell) if cell is not None else None for cell in row])
    if extra_sheet is not None:
        workbook.create_sheet("Notes").append(extra_sheet)
    workbook.save(path)
    return path


def reference_rows():
    with open(REFERENCE_CSV, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def reference_xlsx(tmp_path, change=None, **kwargs):
    rows = reference_rows()
    if change is not None:
        change(rows)
    return write_xlsx(tmp_path / "library.xlsx", rows, **kwargs)


def column(name):
    return druglib.CSV_COLUMNS.index(name)


# verifies: SRS-001, SRS-017
def test_xlsx_export_gives_the_same_library_and_image_crc_as_csv(tmp_path, reference):
    lib, problems = druglib.load(reference_xlsx(tmp_path), REFERENCE_VERSION)
    assert problems == []
    assert lib == reference
    assert druglib.validate(lib) == []
    assert druglib.image_crc(lib) == REFERENCE_IMAGE_CRC


# verifies: SRS-001
def test_xlsx_numbers_written_as_text_are_read_the_same(tmp_path, reference):
    path = reference_xlsx(tmp_path, convert=lambda text: text if text != "" else None)
    assert druglib.load(path, REFERENCE_VERSION) == (reference, [])


# verifies: SRS-001
def test_xlsx_only_the_first_worksheet_is_read_and_empty_rows_are_skipped(tmp_path, reference):
    def blank_rows(rows):
        rows.insert(3, [None] * len(rows[0]))
        rows.append([""] * len(rows[0]))

    path = reference_xlsx(tmp_path, blank_rows, extra_sheet=["approved by", "J. Pharmacist"])
    assert druglib.load(path, REFERENCE_VERSION) == (reference, [])


# verifies: SRS-001
def test_xlsx_numbers_are_read_as_exact_decimals():
    assert druglib.xlsx_cell_text(999.9, "n", "x") == "999.9"
    assert druglib.xlsx_cell_text(0.01, "n", "x") == "0.01"
    assert druglib.to_fixed(druglib.xlsx_cell_text(1e-06, "n", "x"), "x") == 1
    assert druglib.xlsx_cell_text(25000, "n", "x") == "25000"
    assert druglib.xlsx_cell_text(None, "n", "x") == ""
    bad = [(0.1 + 0.2, "n", "not an exact decimal"), (float("inf"), "n", "not an exact decimal"),
           ("=30+5", "f", "a formula"), ("#DIV/0!", "e", "error"),
           (True, "b", "neither a number nor text"),
           (datetime.datetime(2026, 1, 1), "d", "neither a number nor text")]
    for value, data_type, message in bad:
        with pytest.raises(druglib.LibraryFormatError, match=message):
            druglib.xlsx_cell_text(value, data_type, "row 2 hard_max")


# verifies: SRS-001
def test_xlsx_computed_and_formula_cells_are_rejected(tmp_path):
    def computed(rows):
        rows[1][column("hard_max")] = str(100 / 3)

    # openpyxl writes a float with 16 significant digits.
    with pytest.raises(druglib.LibraryFormatError,
                       match=r"row 2 hard_max: 33\.33333333333334 is not an exact decimal"):
        druglib.load(reference_xlsx(tmp_path, computed), 48)

    def formula(rows):
        rows[2][column("hard_max")] = "=30+5"

    with pytest.raises(druglib.LibraryFormatError, match="row 3 hard_max: a formula"):
        druglib.load(reference_xlsx(tmp_path, formula), 48)


# verifies: SRS-001
def test_xlsx_rows_of_one_care_area_must_agree(tmp_path):
    def heavier(rows):
        rows[2][column("weight_min_kg")] = "40"

    _, problems = druglib.load(reference_xlsx(tmp_path, heavier), 48)
    assert problems == ["row 3: care area 1 differs from its first row"]


# verifies: SRS-001
def test_xlsx_without_the_columns_or_not_a_workbook_is_rejected(tmp_path):
    def drop_kvo(rows):
        for row in rows:
            del row[column("kvo_ml_h")]

    with pytest.raises(druglib.LibraryFormatError, match="missing columns kvo_ml_h"):
        druglib.load(reference_xlsx(tmp_path, drop_kvo), 48)
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    with pytest.raises(druglib.LibraryFormatError, match="empty"):
        druglib.load(empty, 48)
    not_a_workbook = tmp_path / "library.xlsx"
    not_a_workbook.write_bytes(REFERENCE_CSV.read_bytes())
    with pytest.raises(druglib.LibraryFormatError, match="not an XLSX workbook"):
        druglib.load(not_a_workbook, 48)


# verifies: SRS-001, SRS-017
def test_command_line_reads_xlsx_libraries(tmp_path, capsys):
    path = reference_xlsx(tmp_path)
    out = tmp_path / "library.bin"
    assert druglib.main([str(path), "--version", "47", "--image", str(out)]) == 0
    assert "8 entries in 3 care areas, image CRC-32 0x13774913" in capsys.readouterr().out
    assert out.read_bytes()[-4:] == struct.pack("<I", REFERENCE_IMAGE_CRC)
    assert druglib.main([str(path)]) == 2
    assert "an XLSX library needs --version" in capsys.readouterr().err


# verifies: SRS-026, RCM-009
def test_entries_the_drug_list_cannot_tell_apart_are_rejected(reference):
    def twin(lib):
        copy_101 = dataclasses.replace(entry(lib, 101), entry_no=106, hard_max=50_000_000)
        lib.entries.append(copy_101)

    assert problems_after(reference, twin) == [
        "entry 106 (Heparin): same drug name and concentration as entry 101 in care area 1"]

    def other_case_and_unit(lib):
        lib.entries.append(dataclasses.replace(entry(lib, 101), entry_no=106, name=" HEPARIN ",
                                               unit="units/h"))

    assert len(problems_after(reference, other_case_and_unit)) == 1
    # the two heparin concentrations of the reference library, and the same drug in
    # another care area, are told apart
    assert druglib.indistinguishable(reference) == []

    def in_the_general_ward(lib):
        lib.entries.append(dataclasses.replace(entry(lib, 101), entry_no=302, care_area=3))

    assert problems_after(reference, in_the_general_ward) == []


# verifies: SRS-026, RCM-009
def test_json_member_given_twice_is_rejected(tmp_path):
    text = REFERENCE_JSON.read_text(encoding="utf-8")
    # Python's reader would keep the second value, cJSON on the pump the first
    doubled = text.replace('"conc_volume_ml": 500,',
                           '"conc_volume_ml": 500, "conc_volume_ml": 250,', 1)
    assert doubled != text
    path = tmp_path / "library.json"
    path.write_text(doubled, encoding="utf-8")
    with pytest.raises(druglib.LibraryFormatError,
                       match="member 'conc_volume_ml' given more than once"):
        druglib.load(path)
    assert druglib.main([str(path)]) == 2


# verifies: SRS-026, RCM-009
def test_column_given_twice_is_rejected_in_csv_and_xlsx(tmp_path):
    rows = reference_rows()
    for row in rows:
        row.append(row[column("hard_max")] if row is not rows[0] else "hard_max")
    rows[1][-1] = "350"  # the second heparin hard maximum, which csv.DictReader would take
    path = tmp_path / "library.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(druglib.LibraryFormatError, match="columns given more than once: hard_max"):
        druglib.load(path, 48)
    with pytest.raises(druglib.LibraryFormatError, match="columns given more than once: hard_max"):
        druglib.load(write_xlsx(tmp_path / "library.xlsx", rows), 48)
