"""Benchmarks run by `talentmarket bench ...`: they print numbers, they are not tests."""
