"""The OpenSearch backend (``KB_BACKEND=opensearch``): the only package that imports the client.

Python does the Vietnamese analysis exactly as for Whoosh and sends whitespace-joined tokens;
the cluster splits them on whitespace only, stores, distributes and scores them. Ranking is the
Whoosh query of :mod:`indexer.querying` translated clause for clause (:mod:`.dsl`).
"""
