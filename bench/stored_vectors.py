"""Time and memory to bring stored vectors into memory, as a restarted server does.

Reads every skill label variant's and role title's vector (`embed_texts`, nothing to
encode once `talentmarket embed` has run) and the document matrices of skills and roles.
Prints one JSON object. Run from the project root after `talentmarket embed`:

    python -m bench.stored_vectors --database sqlite:////tmp/esco_embed.db
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from bench.vector_search import rss_mb
from talentmarket.db.engine import make_engine, make_sessionmaker


class ModelIdOnly:
    """Stands in for the encoder when every vector is stored: encoding would be a bug."""

    def __init__(self, model_id: str, dim: int) -> None:
        self.model_id = model_id
        self.dim = dim

    def encode(self, texts: Any, batch_size: int = 64) -> Any:
        """Refuse: this benchmark only reads."""
        msg = f"{len(texts)} texts are not stored yet: run `talentmarket embed` first"
        raise RuntimeError(msg)


def main() -> None:
    """Measure and print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--model", default="all-MiniLM-L6-v2")
    parser.add_argument("--dim", type=int, default=384)
    args = parser.parse_args()
    start_rss = rss_mb()
    t0 = time.perf_counter()
    from talentmarket.embeddings.service import embed_texts, load_entity_matrix
    from talentmarket.embeddings.sources import label_texts

    imports = time.perf_counter() - t0
    engine = make_engine(args.database)
    factory = make_sessionmaker(engine)
    encoder = ModelIdOnly(args.model, args.dim)
    out: dict[str, Any] = {"database": args.database, "imports_s": round(imports, 2)}
    kept: list[Any] = []  # hold every matrix, so RSS shows what a server would keep
    with factory() as session:
        for kind in ("skills", "roles"):
            before = rss_mb()
            t = time.perf_counter()
            texts = label_texts(session, kind)
            matrix = embed_texts(session, encoder, texts)
            kept.append(matrix)
            out[f"{kind}_label_vectors"] = {
                "texts": len(texts),
                "seconds": round(time.perf_counter() - t, 2),
                "matrix_mb": round(matrix.nbytes / 1e6, 1),
                "rss_growth_mb": round(rss_mb() - before, 1),
            }
        for entity in ("skill", "role"):
            before = rss_mb()
            t = time.perf_counter()
            ids, docs = load_entity_matrix(session, entity, args.model)
            kept.append(docs)
            out[f"{entity}_document_matrix"] = {
                "rows": int(ids.size),
                "seconds": round(time.perf_counter() - t, 2),
                "rss_growth_mb": round(rss_mb() - before, 1),
            }
    out["rss_start_mb"] = round(start_rss, 1)
    out["rss_end_mb"] = round(rss_mb(), 1)
    if args.database.startswith("sqlite:///"):
        out["db_mb"] = round(Path(args.database[len("sqlite:///") :]).stat().st_size / 1e6, 1)
    engine.dispose()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
