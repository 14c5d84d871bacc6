"""Signals sent after commit, so that later apps (reporting, reminders) react to what happened
without the workflow importing them."""

from django.dispatch import Signal

#: sent with case, transition (name), actor after a transition has been committed
case_transitioned = Signal()
#: sent with decision, actor after a vedtak has been made and committed
decision_made = Signal()
#: sent with settlement, actor after unused money was settled (a repayment claim or a carry-over)
settlement_decided = Signal()
#: sent with appeal, actor after an appeal's outcome that is answered by a letter of its own
#: (dismissed, or forwarded to the appeal body) has been committed
appeal_answered = Signal()
