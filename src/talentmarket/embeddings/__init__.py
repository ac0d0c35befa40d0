"""Entity texts and their vectors: what each entity's text is, refreshing stored vectors, and
vector search on both backends (the tables themselves are in `vectorstore`)."""
