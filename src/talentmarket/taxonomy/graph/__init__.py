"""The taxonomy as a graph: rows, the networkx build, similarity, views, the cached service."""
