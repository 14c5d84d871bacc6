"""The counts CSV: what a well-formed file gives, and that every mistake names its line."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from allocation.counts_csv import parse_counts_csv
from allocation.engine import AllocationError, NetworkCounts

HEADER = "network,pupils,children\n"


def error_for(text: str) -> str:
    with pytest.raises(AllocationError) as info:
        parse_counts_csv(text)
    return str(info.value)


def test_reads_networks_in_file_order() -> None:
    text = HEADER + "Trondheim,2000,1500\nFosen,300,120\n"
    assert parse_counts_csv(text) == [
        NetworkCounts("Trondheim", 2000, 1500),
        NetworkCounts("Fosen", 300, 120),
    ]


def test_bom_crlf_whitespace_quotes_and_blank_lines_are_tolerated() -> None:
    text = (
        "\ufeff network , pupils ,children \r\n"
        "\r\n"
        '"Hitra, Frøya", 120 , 80\r\n'
        "  Åfjord  ,0,0\r\n"
        ",,\r\n"
        "Ørland,7,9"
    )
    assert parse_counts_csv(text) == [
        NetworkCounts("Hitra, Frøya", 120, 80),
        NetworkCounts("Åfjord", 0, 0),
        NetworkCounts("Ørland", 7, 9),
    ]


def test_names_are_normalised_so_decomposed_letters_match() -> None:
    decomposed = unicodedata.normalize("NFD", "Åfjord")
    assert decomposed != "Åfjord"
    assert parse_counts_csv(HEADER + f"{decomposed},1,2\n")[0].network == "Åfjord"
    message = error_for(HEADER + "Åfjord,1,2\n" + f"{decomposed},3,4\n")
    assert "Linje 3" in message
    assert "linje 2" in message


names = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzæøåÆØÅ -,'\"."), min_size=1, max_size=20
).filter(lambda name: name.strip() == name and name != "")
rows = st.lists(
    st.tuples(names, st.integers(0, 10**9), st.integers(0, 10**9)),
    min_size=1,
    max_size=20,
    unique_by=lambda row: row[0],
)


@given(rows)
def test_any_well_formed_file_round_trips(data: list[tuple[str, int, int]]) -> None:
    def quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    text = HEADER + "".join(f"{quote(n)},{p},{c}\n" for n, p, c in data)
    assert parse_counts_csv(text) == [NetworkCounts(n, p, c) for n, p, c in data]


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "\ufeff", "\n\n", "  \r\n"])
def test_empty_file(text: str) -> None:
    assert "Filen er tom" in error_for(text)


def test_header_only() -> None:
    assert "ingen nettverk etter overskriften på linje 1" in error_for(HEADER)


@pytest.mark.parametrize(
    "header", ["network,children,pupils", "nettverk,elever,barn", "network,pupils", "a,b,c,d"]
)
def test_wrong_header_names_line_1(header: str) -> None:
    message = error_for(header + "\nFosen,1,2\n")
    assert message.startswith("Linje 1: overskriften må være «network,pupils,children»")


def test_semicolon_file_gets_a_hint() -> None:
    assert "semikolon" in error_for("network;pupils;children\nFosen;1;2\n")


def test_missing_column_names_line_and_column() -> None:
    message = error_for(HEADER + "Fosen,1,2\nNamdal,4\n")
    assert message.startswith("Linje 3: mangler kolonne (children)")


def test_too_many_columns() -> None:
    assert error_for(HEADER + "Fosen,1,2,3\n").startswith("Linje 2: for mange kolonner")


def test_empty_name() -> None:
    assert error_for(HEADER + "Fosen,1,2\n  ,3,4\n") == "Linje 3: navnet på nettverket er tomt."


def test_negative_count_message_from_the_issue() -> None:
    text = HEADER + "Fosen,1,2\nNamdal,3,4\nGauldal,-3,5\n"
    assert error_for(text) == "Linje 4: elevtallet «-3» må være et heltall ≥ 0."


@pytest.mark.parametrize("value", ["abc", "12.5", "1 000", "+5", "1_000", "٣", "1e3"])
def test_non_numeric_children(value: str) -> None:
    message = error_for(HEADER + f"Fosen,1,{value}\n")
    assert message == f"Linje 2: barnetallet «{value}» må være et heltall ≥ 0."


def test_missing_count() -> None:
    assert error_for(HEADER + "Fosen,,2\n") == "Linje 2: elevtallet mangler."


def test_blank_lines_still_count_towards_line_numbers() -> None:
    text = HEADER + "\nFosen,1,2\n\n\nNamdal,x,2\n"
    assert error_for(text).startswith("Linje 6:")


def test_duplicate_network_names_both_lines() -> None:
    text = HEADER + "Fosen,1,2\nNamdal,3,4\n Fosen ,5,6\n"
    assert error_for(text) == "Linje 4: nettverket «Fosen» står også på linje 2."


def test_unbalanced_quote_is_reported_with_a_line() -> None:
    message = error_for(HEADER + 'Fosen,1,2\n"Namdal,3,4\n')
    assert message.startswith("Linje ")
    assert "anførselstegn" in message


def test_errors_name_the_counts_field() -> None:
    with pytest.raises(AllocationError) as info:
        parse_counts_csv(HEADER + "Fosen,-1,2\n")
    assert info.value.field == "counts"
    assert info.value.code == "csv_count"
