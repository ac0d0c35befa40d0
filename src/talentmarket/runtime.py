"""The process-wide pieces a running service or command shares: settings, database, model.

Heavy components (the encoder, vector indexes, the taxonomy graph) load lazily and once;
caches built from the database are keyed by a data version stored in the database so that
several workers or replicas notice each other's changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from talentmarket.config import Settings
from talentmarket.db.engine import make_engine, make_sessionmaker
from talentmarket.textintel.encoders import (
    BackgroundEncoder,
    Encoder,
    HashingEncoder,
    SentenceTransformerEncoder,
    folder_dim,
    model_id_of,
    resolve_model_path,
)
from talentmarket.textintel.onnx_encoder import INT8_SUFFIX, OnnxEncoder

log = logging.getLogger(__name__)
T = TypeVar("T")


class Runtime:
    """Settings, engine, session factory, the encoder and versioned caches."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine if engine is not None else make_engine(settings.database_url)
        self.sessionmaker: sessionmaker[Session] = make_sessionmaker(self.engine)
        self._lock = threading.RLock()
        self._encoder: Encoder | None = None
        self._reader: Encoder | None = None
        self._cache: dict[str, tuple[Any, Any]] = {}
        self._build_locks: dict[str, threading.Lock] = {}

    @property
    def encoder(self) -> Encoder:
        """The text encoder; the first use starts loading it in the background (see
        `BackgroundEncoder`)."""
        with self._lock:
            if self._encoder is None:
                self._encoder = self._load_encoder()
            return self._encoder

    @property
    def reader(self) -> Encoder:
        """The encoder of text read at request time (skill extraction, search texts, job
        titles), compared with the model's stored vectors and never stored itself: the model,
        or the same model with int8 weights (`reader_backend`), loaded in the background."""
        with self._lock:
            if self._reader is None:
                self._reader = self._load_reader()
            return self._reader

    def _load_reader(self) -> Encoder:
        s = self.settings
        model = self.encoder
        if s.encoder == "hashing" or s.reader_backend == "model" or s.model_backend == "onnx-int8":
            return model  # (the model already runs with int8 weights)
        path = resolve_model_path(s.model)

        def load() -> Encoder:
            try:
                return OnnxEncoder(
                    s.model, threads=s.torch_threads, quantize=True, cache_dir=s.cache_dir
                )
            except (ImportError, OSError, RuntimeError, ValueError) as exc:
                log.warning("no int8 reader (%s): text is read with the model", exc)
                return model.loaded if isinstance(model, BackgroundEncoder) else model

        return BackgroundEncoder(load, model_id_of(s.model, path) + INT8_SUFFIX, folder_dim(path))

    def model_state(self) -> str:
        """ "not loaded" until the encoder is first used, then "loading", "ready" or
        "failed" (an encoder without a background load is ready at once)."""
        with self._lock:
            encoder = self._encoder
        if encoder is None:
            return "not loaded"
        return str(getattr(encoder, "state", "ready"))

    def set_encoder(self, encoder: Encoder, reader: Encoder | None = None) -> None:
        """Use this encoder, and this reader or the encoder to read texts (tests inject
        them)."""
        with self._lock:
            self._encoder = encoder
            self._reader = reader if reader is not None else encoder

    def _load_encoder(self) -> Encoder:
        if self.settings.encoder == "hashing":
            return HashingEncoder()
        log.info("loading sentence-transformers model %s", self.settings.model)
        model, threads = self.settings.model, self.settings.torch_threads
        backend, cache_dir = self.settings.model_backend, self.settings.cache_dir
        path = resolve_model_path(model)
        model_id = model_id_of(model, path)

        def load() -> Encoder:
            if backend == "torch":
                return SentenceTransformerEncoder(model, threads=threads)
            quantize = backend == "onnx-int8"
            return OnnxEncoder(model, threads=threads, quantize=quantize, cache_dir=cache_dir)

        if backend == "onnx-int8":
            model_id += INT8_SUFFIX
        return BackgroundEncoder(load, model_id, folder_dim(path))

    def cached(self, name: str, key: Any, build: Callable[[], T]) -> T:
        """Return the cached value for name while key is unchanged; else rebuild it.

        One build per name at a time: concurrent callers wait for it instead of repeating it.
        """
        with self._lock:
            name_lock = self._build_locks.setdefault(name, threading.Lock())
            hit = self._cache.get(name)
            if hit is not None and hit[0] == key:
                return hit[1]  # type: ignore[no-any-return]
        with name_lock:
            with self._lock:
                hit = self._cache.get(name)
                if hit is not None and hit[0] == key:
                    return hit[1]  # type: ignore[no-any-return]
            value = build()
            with self._lock:
                self._cache[name] = (key, value)
        return value

    def following(
        self,
        name: str,
        key: Any,
        version: tuple[int, ...],
        build: Callable[[], T],
        patch: Callable[[T, tuple[int, ...]], T | None],
    ) -> T:
        """A value built once per `key` and then moved to each newer `version` (one counter
        per data area it follows) by `patch(value, versions it is at)` (None: build it
        again instead).

        A caller that read an older version gets the newer value (it only adds what
        happened since). Patches and builds run one at a time per name."""

        def fresh(hit: tuple[Any, Any] | None) -> bool:
            return (
                hit is not None
                and hit[0][0] == key
                and all(a >= b for a, b in zip(hit[0][1], version, strict=True))
            )

        with self._lock:
            name_lock = self._build_locks.setdefault(name, threading.Lock())
            hit = self._cache.get(name)
            if fresh(hit):
                return hit[1]  # type: ignore[index, no-any-return]
        with name_lock:
            with self._lock:
                hit = self._cache.get(name)
            if fresh(hit):
                return hit[1]  # type: ignore[index, no-any-return]
            value = None
            if hit is not None and hit[0][0] == key:
                value = patch(hit[1], hit[0][1])
            if value is None:
                value = build()
            with self._lock:
                self._cache[name] = ((key, version), value)
        return value

    def invalidate(self, name: str | None = None) -> None:
        """Drop one cached value, or all of them."""
        with self._lock:
            if name is None:
                self._cache.clear()
            else:
                self._cache.pop(name, None)

    def close(self) -> None:
        """Release database connections."""
        self.engine.dispose()
