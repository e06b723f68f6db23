"""Pure domain code for the Party-history knowledge base: no Whoosh, no Flask, no pyvi."""
