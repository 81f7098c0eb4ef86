"""Tests of the drug library tool: the structure rules of SRS-001 and the CRC-32s of SRS-017."""

import copy
import dataclasses
import struct
from decimal import Decimal
from pathlib import Path

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
