"""Stored vectors: the text and entity vector tables, their repository and the pgvector schema.

No feature imports: what each entity's text is, and refreshing vectors, live in `embeddings`."""
