"""Every entity kind's document-source reader, for the callers that embed or rank all kinds
(the CLI, the benchmarks, tests). Skills and roles are read by the embeddings package
itself; people and openings own the text of their documents."""

from collections.abc import Mapping

from talentmarket.embeddings.sources import SourceReader
from talentmarket.openings.document import opening_sources
from talentmarket.people.document import employee_sources

READERS: Mapping[str, SourceReader] = {
    "employee": employee_sources,
    "opening": opening_sources,
}
