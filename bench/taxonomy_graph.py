"""Build time of the taxonomy graph on a loaded database, and the cost of using it.

    python bench/taxonomy_graph.py sqlite:////tmp/esco.db [--model all-MiniLM-L6-v2]

Prints wall and CPU seconds for reading the rows, the skill vectors (when stored for
--model) and fitting the graph, the graph size, then timings of similar_skills, a
32 x 32 similarity block and bounded views. The machine is shared: CPU seconds are the
steadier figure when other work runs at the same time.
"""

from __future__ import annotations

import argparse
import statistics
import time

from talentmarket.db.engine import make_engine, make_sessionmaker
from talentmarket.taxonomy.graph.service import build_graph
from talentmarket.taxonomy.graph.views import to_graphml


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--model", default=None, help="read stored skill vectors of this model")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sessions = make_sessionmaker(make_engine(args.url))
    with sessions() as session:
        walls, cpus = [], []
        for _ in range(args.repeat):
            cpu = time.process_time()
            wall = time.perf_counter()
            graph, timings = build_graph(session, args.model)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            print(
                f"build: {timings.total:.2f} s wall (rows {timings.load_rows:.2f}, vectors "
                f"{timings.load_vectors:.2f}, fit {timings.fit:.2f}), {cpus[-1]:.2f} s CPU"
            )
        g = graph.graph_
        kinds: dict[str, int] = {}
        for _, attrs in g.nodes(data=True):
            kinds[attrs["type"]] = kinds.get(attrs["type"], 0) + 1
        print(
            f"graph: {g.number_of_nodes():,} nodes {kinds}, {g.number_of_edges():,} edges, "
            f"vectors for {int(graph.has_vector_.sum()):,} skills"
        )
        print(
            f"build median of {args.repeat}: {statistics.median(walls):.2f} s wall, "
            f"{statistics.median(cpus):.2f} s CPU"
        )
        skills = [
            int(s) for s, grp in zip(graph.skill_ids_, graph.is_group_, strict=True) if not grp
        ]
        sample = skills[:: max(1, len(skills) // 50)][:50]
        started = time.perf_counter()
        for sid in sample:
            graph.similar_skills(sid, 10)
        per_query = (time.perf_counter() - started) / len(sample) * 1000
        print(f"similar_skills(k=10): {per_query:.1f} ms per skill over {len(sample)} skills")
        started = time.perf_counter()
        block = graph.skill_similarity(sample[:32], skills[100:132])
        print(
            f"skill_similarity 32x32 block: {(time.perf_counter() - started) * 1000:.1f} ms "
            f"(shape {block['score'].shape})"
        )
        root = graph.skill_node(sample[0])
        assert root is not None
        started = time.perf_counter()
        view = graph.neighbourhood(root, depth=2, limit=500)
        xml = to_graphml(view)
        print(
            f"neighbourhood depth 2 + GraphML: {(time.perf_counter() - started) * 1000:.1f} ms "
            f"({len(view.nodes)} nodes, {len(view.edges)} edges, {len(xml):,} bytes)"
        )
        started = time.perf_counter()
        tops = graph.top_levels(depth=2, limit=500)
        print(
            f"top_levels depth 2: {(time.perf_counter() - started) * 1000:.1f} ms "
            f"({len(tops.nodes)} nodes, truncated={tops.truncated})"
        )


if __name__ == "__main__":
    main()
