"""``{% attachments document %}``: a document's attachments, with upload and removal where the
viewer may still change the document. One line in each document page."""

from __future__ import annotations

from django import template

from reporting import attachments as att

register = template.Library()


@register.inclusion_tag("reporting/_attachments.html", takes_context=True)
def attachments(context, document, case=None):
    """``case``: the page's case, if it has one (saves reading it again)."""
    if document is None:
        return {"show": False}
    request = context["request"]
    holder = att.holder_for(document, case)
    if not att.can_view_document(request.user, holder):
        return {"show": False}
    return {
        "show": True,
        "holder": holder,
        "attachments": att.attachment_list(holder),
        "can_attach": att.can_attach(request.user, holder),
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
