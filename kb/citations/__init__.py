"""Citation engine for Party and state documents, in eyecite's shape: clean → find → resolve → format."""
