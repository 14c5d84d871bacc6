"""Deadline reminders: obligations derived from the year's data, reminder rules as data, a daily
sweep that records each reminder once (unique per obligation, rule, recipient and due date) before
sending it after commit, and a private iCalendar feed of the deadlines that concern a person.

Modules: ``rules`` (defaults and who is reminded), ``models``, ``services`` (the sweep and the
obligations sync; writes), ``selectors`` (reads), ``emails`` (the Norwegian messages), ``calendar``
(the iCalendar feed), ``views`` (the calendar pages).
"""
