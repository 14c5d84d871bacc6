"""Records: the journal (journalføring, arkivforskriften §§ 9–10), document numbering and the
attachments (vedlegg) of the documents. Models here, imported by ``grants.models``."""
