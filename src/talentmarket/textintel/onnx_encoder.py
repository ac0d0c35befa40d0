"""The same sentence-transformers model run by ONNX Runtime: faster passes, same vectors.

The model's transformer is exported once to an ONNX file (about 2 s for MiniLM, kept in
`cache_dir` when one is set, else in a temporary folder for the process) and run by ONNX
Runtime; tokenisation, mean pooling and unit length stay as in `SentenceTransformerEncoder`,
which this class extends (only the model pass differs), so `encode` and `encode_spans`
answer alike. Measured on this project's 2-core machine (the 306-word benchmark ad's 27
segments): 73 ms a pass against 103-141 ms in torch, vectors equal to 1e-7 in cosine.

`quantize=True` stores the linear layers' weights as int8 (dynamic quantisation, one
scale per output channel): about half the time again, vectors within 0.98-0.99 cosine
of the float model's. They are a different model's vectors, so the encoder's `model_id`
carries "+int8" and stored vectors are computed again for it.

Only models whose pooling is the mean of token vectors (the bundled model's) are
supported; others should use the torch backend.
"""

from __future__ import annotations

import atexit
import copy
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from talentmarket.textintel.compute import on_compute_thread
from talentmarket.textintel.encoders import (
    SentenceTransformerEncoder,
    length_batches,
    resolve_model_path,
    unit_rows,
)

INT8_SUFFIX = "+int8"
# one export at a time in a process: the model and its int8 reader load side by side and
# both need the float file (partial files are named by process)
_EXPORT_LOCK = threading.Lock()
# the second of two passes run side by side (`encode_together`)
_SIDE = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onnx-side")


def mean_pooled(path: str) -> bool:
    """Whether the model folder pools by the mean of token vectors (and nothing after the
    pooling but unit length)."""
    try:
        modules = json.loads((Path(path) / "modules.json").read_text(encoding="utf-8"))
        kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
        pooling = next(m for m in modules if m.get("type", "").endswith("Pooling"))
        config = json.loads(
            (Path(path) / pooling["path"] / "config.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError, KeyError, StopIteration):
        return False
    modes = {k for k, v in config.items() if k.startswith("pooling_mode") and v is True}
    return modes == {"pooling_mode_mean_tokens"} and set(kinds) <= {
        "Transformer",
        "Pooling",
        "Normalize",
    }


def _scratch() -> Path:
    """A temporary folder removed when the process exits (no `cache_dir` set)."""
    folder = tempfile.mkdtemp(prefix="talentmarket-onnx-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


class OnnxEncoder(SentenceTransformerEncoder):
    """`SentenceTransformerEncoder` whose model pass runs in ONNX Runtime."""

    passes_at_once = True  # `encode_together` runs two passes side by side

    def __init__(
        self,
        model: str,
        *,
        threads: int | None = None,
        quantize: bool = False,
        cache_dir: Path | None = None,
    ) -> None:
        super().__init__(model, threads=threads)
        folder = resolve_model_path(model)
        if not mean_pooled(folder):
            msg = f"model {model!r}: the onnx backend needs mean pooling; use model_backend=torch"
            raise ValueError(msg)
        self.quantize = quantize
        if quantize:
            self.model_id = f"{self.model_id}{INT8_SUFFIX}"
        with _EXPORT_LOCK:
            self.onnx_path = self._export(folder, cache_dir)
        self._sessions: dict[int, Any] = {}
        self._session_lock = threading.Lock()
        self._side: Any = None  # the side thread's tokenizer (`encode_together`)

    def _export(self, folder: str, cache_dir: Path | None) -> Path:
        """The ONNX file of this model (float or int8), exported when not already kept."""
        import torch

        digest = hashlib.sha1(f"{Path(folder).resolve()}|{torch.__version__}".encode()).hexdigest()
        kind = "int8" if self.quantize else "fp32"
        where = (cache_dir.expanduser() / "onnx") if cache_dir else _scratch()
        where.mkdir(parents=True, exist_ok=True)
        target = where / f"{digest[:16]}-{kind}.onnx"
        if target.exists():
            return target
        floating = where / f"{digest[:16]}-fp32.onnx"
        if not floating.exists():
            self._export_float(floating)
        if self.quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            partial = target.with_suffix(f".{os.getpid()}.part")
            quantize_dynamic(floating, partial, weight_type=QuantType.QInt8, per_channel=True)
            partial.replace(target)
        return target

    def _export_float(self, target: Path) -> None:
        """Export the transformer (token ids and mask in, token vectors out) to `target`."""
        import torch

        class _Tokens(torch.nn.Module):
            def __init__(self, inner: Any) -> None:
                super().__init__()
                self.inner = inner

            def forward(self, ids: Any, mask: Any) -> Any:
                return self.inner(input_ids=ids, attention_mask=mask).last_hidden_state

        sample = self._st.tokenizer(["an example", "a second example text"], padding=True)
        ids = torch.tensor(sample["input_ids"], dtype=torch.int64)
        mask = torch.tensor(sample["attention_mask"], dtype=torch.int64)
        partial = target.with_suffix(f".{os.getpid()}.part")
        dynamic = {0: "batch", 1: "tokens"}
        with torch.inference_mode(False), torch.no_grad():
            torch.onnx.export(
                _Tokens(self._st[0].auto_model).eval(),
                (ids, mask),
                str(partial),
                input_names=["input_ids", "attention_mask"],
                output_names=["token_embeddings"],
                dynamic_axes={"input_ids": dynamic, "attention_mask": dynamic},
                opset_version=17,
                dynamo=False,
            )
        partial.replace(target)

    def _session(self, threads: int) -> Any:
        """One ONNX Runtime session per thread count (sessions fix theirs when made)."""
        import onnxruntime as ort

        with self._session_lock:
            session = self._sessions.get(threads)
            if session is None:
                options = ort.SessionOptions()
                options.intra_op_num_threads = threads
                options.inter_op_num_threads = 1
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                # no busy-waiting between passes: the cross products that follow a pass
                # run on the same two cores (extraction of the benchmark ad with int8
                # weights, in the server: 141 ms p50 without spinning, 159 ms with)
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                session = ort.InferenceSession(
                    str(self.onnx_path), options, providers=["CPUExecutionProvider"]
                )
                self._sessions[threads] = session
            return session

    def encode_together(self, groups: Sequence[Sequence[str]]) -> list[NDArray[np.float32]]:
        """Vectors of two lists of texts, their passes side by side on one thread each
        when the cores are free (ONNX Runtime sessions run at once; on this project's
        2-core machine the job ad's segments and phrases took 44.5 ms this way against 56.3 ms
        one after the other on two threads), else one after the other."""
        free = self._cores.free_threads(self._threads)
        if len(groups) != 2 or free < 2 or not all(groups):
            return [self.encode(g) for g in groups]
        return on_compute_thread(self._together, groups[0], groups[1])

    def _together(self, first: Sequence[str], second: Sequence[str]) -> list[NDArray[np.float32]]:
        # each thread tokenises with its own tokenizer (one is not safe to share)
        other = _SIDE.submit(self._tokenised_run, second, self._side_tokenizer())
        mine = self._run(len(first), self._batches(first, self._st.tokenizer))
        return [mine, other.result()]

    def _side_tokenizer(self) -> Any:
        """A copy of the tokenizer for the side thread, made once."""
        with self._session_lock:
            if self._side is None:
                self._side = copy.deepcopy(self._st.tokenizer)
            return self._side

    def _tokenised_run(self, texts: Sequence[str], tokenizer: Any) -> NDArray[np.float32]:
        return self._run(len(texts), self._batches(texts, tokenizer))

    def _batches(
        self, texts: Sequence[str], tokenizer: Any
    ) -> list[tuple[NDArray[np.int64], Any, Any]]:
        """Texts tokenised once, in length batches padded to their longest: (rows, token
        ids, mask) per batch, as the tokenizer pads them."""
        rows_ids = tokenizer(list(texts), truncation=True, max_length=self._st.max_seq_length)
        encoded = rows_ids["input_ids"]
        lengths = [len(row) for row in encoded]
        pad = tokenizer.pad_token_id or 0
        out = []
        for rows in length_batches(lengths, 64):
            width = max(lengths[i] for i in rows)
            ids = np.full((len(rows), width), pad, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for k, i in enumerate(rows):
                ids[k, : lengths[i]] = encoded[i]
                mask[k, : lengths[i]] = 1
            out.append((rows, ids, mask))
        return out

    def _run(
        self, n: int, batches: list[tuple[NDArray[np.int64], Any, Any]]
    ) -> NDArray[np.float32]:
        """Mean-pooled unit vectors (n, dim) of tokenised batches, on one thread."""
        session = self._session(1)
        out = np.empty((n, self.dim), dtype=np.float32)
        for rows, ids, mask in batches:
            (tokens,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
            weights = mask[..., None].astype(np.float32)
            out[rows] = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return unit_rows(out)

    def _forward(self, texts: Any) -> dict[str, Any]:
        """One pass over texts padded to the longest: token vectors, mask and the mean."""
        import torch

        features = self._st.tokenizer(
            list(texts),
            padding=True,
            truncation=True,
            max_length=self._st.max_seq_length,
            return_tensors="np",
        )
        mask = features["attention_mask"].astype(np.int64)
        session = self._session(self._cores.free_threads(self._threads))
        (tokens,) = session.run(
            None, {"input_ids": features["input_ids"].astype(np.int64), "attention_mask": mask}
        )
        weights = mask[..., None].astype(np.float32)
        mean = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return {
            "token_embeddings": torch.from_numpy(tokens),
            "attention_mask": torch.from_numpy(mask),
            "sentence_embedding": torch.from_numpy(mean.astype(np.float32)),
        }
