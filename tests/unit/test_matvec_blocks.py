"""Row blocks on several threads give the one-block product."""

from __future__ import annotations

import numpy as np

from talentmarket.matching import blocks


def test_blocks_equal_one_product_large_and_small() -> None:
    rng = np.random.default_rng(7)
    for rows in (blocks.MIN_ROWS + 17, 10):
        matrix = rng.standard_normal((rows, 48)).astype(np.float32)
        vector = rng.standard_normal(48).astype(np.float32)
        got = blocks.matvec(matrix, vector)
        assert got.shape == (rows,)
        assert got.dtype == np.float32
        np.testing.assert_allclose(got, matrix @ vector, rtol=1e-5, atol=1e-5)


def test_a_view_of_a_larger_buffer_is_read_only_to_its_end() -> None:
    # pools hand out views of buffers with spare rows behind them
    buffer = np.ones((blocks.MIN_ROWS * 2, 8), dtype=np.float32)
    view = buffer[: blocks.MIN_ROWS + 5]
    assert blocks.matvec(view, np.ones(8, np.float32)).shape == (blocks.MIN_ROWS + 5,)
