"""Registry and register csv files as offices save them (lib.ingest.csv_files, lib.ingest.inputs)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from lib.contract.params import Params
from lib.ingest.csv_files import CsvFormatError, read_text_csv
from lib.ingest.inputs import RegistryError, load_register, load_registry
from lib.ingest.unit_matching import UnitMatcher
from tests.support.hostile_corpus import to_cp1258 as cp1258

REGISTRY = (
    "unit_code,unit_name,unit_group,admin_level,parent_code\n"
    "S-NV,Sở Nội vụ,so_ban_nganh,tinh,\n"
    "589,Ủy ban nhân dân huyện Ninh Hải,ubnd_huyen,huyen,\n"
    "22906,Ủy ban nhân dân xã Phước Minh,ubnd_xa,xa,589\n"
)
NAMES = ["Sở Nội vụ", "Ủy ban nhân dân huyện Ninh Hải", "Ủy ban nhân dân xã Phước Minh"]


@pytest.mark.parametrize(
    ("data", "encoding", "separator"),
    [
        (REGISTRY.encode("utf-8"), "UTF-8", ","),
        (codecs.BOM_UTF8 + REGISTRY.encode("utf-8"), "UTF-8 (BOM)", ","),
        (cp1258(REGISTRY), "Windows-1258", ","),
        (cp1258(REGISTRY.replace(",", ";")), "Windows-1258", ";"),
        (codecs.BOM_UTF8 + REGISTRY.replace(",", ";").encode("utf-8"), "UTF-8 (BOM)", ";"),
    ],
)
def test_registry_is_read_in_every_encoding_excel_saves(
    tmp_path: Path, data: bytes, encoding: str, separator: str, params_2023: Params
):
    path = tmp_path / "registry.csv"
    path.write_bytes(data)
    table = read_text_csv(path)
    assert (table.encoding, table.separator) == (encoding, separator)
    registry, notes = load_registry(path, params_2023)
    assert list(registry["unit_name"]) == NAMES  # NFC, the same text whatever the encoding
    assert list(registry["unit_code"]) == ["S-NV", "589", "22906"]
    if table.usual:
        assert notes == []
    else:
        assert [(n.rule, n.severity, n.detail) for n in notes] == [
            ("csv_format_detected", "info", f"{encoding}; dấu phân cách «{separator}»")
        ]


def test_a_cp1258_register_with_semicolons_is_read_and_said(tmp_path: Path, params_2023: Params) -> None:
    registry_path = tmp_path / "registry.csv"
    registry_path.write_text(REGISTRY, encoding="utf-8")
    matcher = UnitMatcher(load_registry(registry_path, params_2023)[0], params_2023.structure)
    path = tmp_path / "register.csv"
    path.write_bytes(cp1258("register_no;unit_code;received_on\nSổ 01;22906;08/12/2023\nSổ 02;S-NV;14/12/2023\n"))
    register, issues = load_register(path, matcher)
    assert list(register["register_no"]) == ["SỔ01", "SỔ02"]  # decoded, then normalised as a code
    assert list(register["unit_code"]) == ["22906", "S-NV"]
    assert [str(d) for d in register["received_on"]] == ["2023-12-08", "2023-12-14"]
    assert [(i.file, i.rule, i.detail) for i in issues] == [
        ("register.csv", "csv_format_detected", "Windows-1258; dấu phân cách «;»")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (REGISTRY.encode("utf-16"), "registry.csv: not a text csv (UTF-16 or binary); save it as «CSV UTF-8»"),
        (b"\x81\x8d\x8f" * 10, "registry.csv: neither UTF-8 nor Windows-1258 text; save it as «CSV UTF-8»"),
        (b"", "registry.csv: not a readable csv table (No columns to parse from file)"),
        ("unit_code,unit_name\nS-NV,Sở Nội vụ\n".encode(), "registry.csv: registry lacks the column(s) unit_group, "),
    ],
)
def test_anything_else_is_one_message_naming_the_file(
    tmp_path: Path, data: bytes, message: str, params_2023: Params
) -> None:
    path = tmp_path / "registry.csv"
    path.write_bytes(data)
    with pytest.raises(RegistryError) as raised:
        load_registry(path, params_2023)
    assert str(raised.value).startswith(message)


def test_plain_ascii_is_utf8_whatever_the_office_meant(tmp_path: Path) -> None:
    """ASCII bytes are the same in both encodings: read as UTF-8, no finding needed."""
    path = tmp_path / "register.csv"
    path.write_bytes(cp1258("register_no,unit_code,received_on\nTN-01,22906,08/12/2023\n"))
    assert read_text_csv(path).encoding == "UTF-8" and read_text_csv(path).usual


def test_an_unreadable_register_is_a_finding_not_a_crash(tmp_path: Path, params_2023: Params) -> None:
    registry_path = tmp_path / "registry.csv"
    registry_path.write_text(REGISTRY, encoding="utf-8")
    path = tmp_path / "register.csv"
    path.write_bytes("register_no,unit_code\n".encode("utf-16"))
    register, issues = load_register(
        path, UnitMatcher(load_registry(registry_path, params_2023)[0], params_2023.structure)
    )
    assert register.empty
    assert [(i.rule, i.detail) for i in issues] == [
        ("file_unreadable", "register.csv: not a text csv (UTF-16 or binary); save it as «CSV UTF-8»")
    ]


def test_a_missing_file_is_a_message_too(tmp_path: Path) -> None:
    with pytest.raises(CsvFormatError, match=r"^registry.csv: cannot be read \(No such file or directory\)$"):
        read_text_csv(tmp_path / "registry.csv")
