"""The text-intelligence core: encoders, skill extraction, title normalisation, text
splitting, lexical matching and vector search. No web, no database, no feature imports."""
