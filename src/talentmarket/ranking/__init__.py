"""The ranking pipeline: one `Ranker` serves candidates for an opening, opportunities for
an employee, the recruiter's search and one explained pair (see `ranking.ranker`).

- `context`: data versions, and the spaces, pools and scorer cached per those versions
- `pools`, `spaces`, `repository`: what is read from the database (never written)
- `filters`: visibility and filters as masks over a pool
- `query`: the recruiter's search as an ad-hoc opening
- `shortlist`: candidate generation, role proximity and the one scorer call
- `page`, `explain`, `schemas`: the explained result page, built once
- the `RankingRecord` every ranking hands to an observer lives in `talentmarket.rankrecord`
"""
