"""The head-count import: pupils and kindergarten children per owner, from a file, for one year.

One module for every way counts come in from a file: the forum secretariat's import page
(``allocation.services.head_count_import``), the admin (``networks.resources``, django-import-
export), ``manage.py import_counts`` and, in its own stricter format, ``manage.py allocate
--counts`` (``network_totals``). ``docs/head-count-import.md`` is the short version for people.

Modules
    ``csvstream``       CSV as a stream of rows with their lines (pure Python)
    ``network_totals``  ``network,pupils,children`` for ``allocate`` (pure Python)
    ``messages``        every Norwegian message of the owner file
    ``rules``           headers, the header line, what a count is
    ``reading``         CSV/XLSX as streams, with the caps
    ``checking``        the whole file checked against the owners: a plan or the errors
    ``storing``         the plan written in one transaction; the import as one call
    ``uploads``         an upload handler that drops a file past the size cap unread

How an import runs
    The year, a source text and a counting date apply to every row. The file is read as a
    stream and checked whole before anything is written; it is all or nothing: if any row is
    bad, no row is written, and every bad row is named with its line in the file and the
    reason. A good file is written in one transaction with a few bulk statements, and the
    import is recorded as an event. A page shows at most 100 messages and then how many more.

Caps (settings, with defaults in ``config/settings/base.py``)
    ``HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES`` (5 MB) the file; ``HEAD_COUNT_IMPORT_MAX_ROWS``
    (20 000) lines in a CSV or rows in the sheet, including the lines above the header;
    ``HEAD_COUNT_IMPORT_MAX_UNPACKED_BYTES`` (20 MB) an XLSX file unpacked. An XLSX file is
    refused on what its parts and its sheet declare, before its rows are read; a CSV file as
    soon as reading passes the cap.

File formats
    CSV (UTF-8, or Windows-1252/ISO-8859-1 as Statistics Norway's exports often are; separated
    by semicolon, comma or tab) and XLSX (the first sheet). One row per owner.

Column mapping
    Headers are matched without regard to case, extra spaces, a year in the header
    ("Elever 2026") or a parenthesis ("Barn (antall)"); unknown columns are ignored.

    =====================  ===============================================================
    Meaning                Accepted headers
    =====================  ===============================================================
    owner (number/code)    eier, eiernummer, eiernr, nummer, kommunenummer, kommunenr, knr,
                           fylkesnummer, organisasjonsnummer, orgnr, region, regionkode,
                           owner, number, owner_number
    owner (code or name)   kommune, fylke, kommunenavn, eiernavn, navn, name, owner_name
    pupils                 elever, elevtall, antall elever, elever i alt, elever og lærlinger,
                           pupils
    children               barn, barnetall, antall barn, barn i barnehage, barn i barnehager,
                           barn i alt, children
    =====================  ===============================================================

    An owner cell may hold the number alone ("5001"), the number and name as Statistics Norway
    writes regions ("5001 Trondheim", "K-5001 Trondheim", "50 Trøndelag - Trööndelage"), or the
    owner's name alone ("Trondheim"; a Sami/Norwegian double name matches either part). The
    number wins when there is one; leading zeros do not matter.

    A file shaped like Statistics Norway's table export (a title line, perhaps a blank line, then
    the header) is read as it is: the header is the first of the first 30 lines that has an
    owner column and a count column; the lines above it are skipped.

Counts
    Whole, non-negative numbers; "1 234" (spaces as thousands separators) and "1234,0" are
    accepted. Statistics Norway's "-" (nil) counts as 0; its ".", "..", "..." and ":" (no figure)
    are errors, since a count is needed. Apprentices and trainee apprentices count as pupils:
    add them to the pupil column before importing.

Errors (each names the line; the header is counted as a line, as a spreadsheet shows it)
    unknown owner, the same owner twice in the file, a negative count, a count that is not a
    whole number, a missing count, a missing column; and for the whole file: not CSV/XLSX, not
    readable, over a cap, no header, no rows.
"""
