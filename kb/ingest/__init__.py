"""Bring outside files into the knowledge base: extract text and metadata, keep them in the corpus.

One module per format (``html``, ``text``, ``markdown``, ``docx``, ``pdf``), ``legacy`` for
TCVN3/VNI text, ``metadata`` for what a document's header says, ``plan`` to decide add/replace/
unchanged/duplicate, ``store`` for ``corpus/documents/added``. Pure domain: no index code here.
"""
from kb.ingest.errors import IngestError
from kb.ingest.extract import extract_file, iter_inputs
from kb.ingest.metadata import Header, read_header
from kb.ingest.model import Extracted

__all__ = ["Extracted", "Header", "IngestError", "extract_file", "iter_inputs", "read_header"]
