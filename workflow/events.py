"""Kinds of ``networks.Event`` that the workflow's pages show and a later app records (the
vedtak page shows what went wrong with its letters, which reporting makes). Imports no models."""

LETTER_MADE = "decision_letter_made"
LETTER_FAILED = "decision_letter_failed"
LETTER_ALARM = "decision_letter_checksum_mismatch"

#: Shown on the vedtak page: a failure while the letter is still missing, an alarm always.
LETTER_PROBLEMS = (LETTER_FAILED, LETTER_ALARM)
