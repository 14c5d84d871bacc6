"""Notifications: the inbox at /varsler/, e-mails (at once or as a daily digest) and receipts for
every handover. A part of the workflow app (see ``WorkflowConfig.parts``)."""
