"""Reads for the allocation: the inputs of a scheme year (``inputs``), stored runs and the frozen
frames (``runs``; ``frozen_frame(network, year)`` is what the workflow's decision-basis check
reads), and the explanation of every number for pages (``explain``)."""

from .explain import (
    Row,
    Table,
    approx_kroner,
    plain_number,
    recomputed_table,
    result_table,
    run_table,
    signed_kroner,
    to_decimal,
)
from .inputs import (
    NetworkInput,
    YearInputs,
    nb_sort_key,
    no_counts_message,
    no_scheme_year_message,
    run_is_current,
    run_matches_inputs,
    scheme_year_get,
    scheme_year_inputs,
    year_inputs,
)
from .runs import (
    current_run,
    frames_for_viewer,
    frozen_frame,
    frozen_line,
    frozen_run,
    member_networks,
    run_get,
    run_history,
    scheme_years_overview,
)

__all__ = [
    "NetworkInput",
    "Row",
    "Table",
    "YearInputs",
    "approx_kroner",
    "current_run",
    "frames_for_viewer",
    "frozen_frame",
    "frozen_line",
    "frozen_run",
    "member_networks",
    "nb_sort_key",
    "no_counts_message",
    "no_scheme_year_message",
    "plain_number",
    "recomputed_table",
    "result_table",
    "run_get",
    "run_history",
    "run_is_current",
    "run_matches_inputs",
    "run_table",
    "scheme_year_get",
    "scheme_year_inputs",
    "scheme_years_overview",
    "signed_kroner",
    "to_decimal",
    "year_inputs",
]
