"""What the CPU offers, read from /proc (Linux): how many cores other processes are using
right now, whether it multiplies bfloat16 and int8 in hardware, and its name (`machine`,
printed by the benchmarks).

The encoder uses it to choose its thread count per model call. Measured on this
project's 2-core machine (in-process extraction of the 306-word benchmark ad, p50):
two threads take 141 ms when the machine is otherwise idle and 494 ms when another
process keeps one core busy (every layer waits for a thread the kernel has not
scheduled), while one thread takes 215 ms in both cases. So two threads while the cores
are free, one while they are not.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

_STAT = Path("/proc/stat")
_SELF = Path("/proc/self/stat")
_CPUINFO = Path("/proc/cpuinfo")
# instruction sets that multiply bfloat16 in hardware: AVX-512 BF16 and AMX on x86, the
# BF16 extension on Arm (the "flags" or "Features" line of /proc/cpuinfo)
_BF16_FLAGS = frozenset({"avx512_bf16", "amx_bf16", "bf16"})
# and int8 dot products (what the int8 reader runs fastest on)
_VNNI_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8", "i8mm"})


def _cpuinfo(path: Path) -> tuple[str, set[str]]:
    """(model name, feature flags) of the first processor in /proc/cpuinfo; empty when it
    cannot be read."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "", set()
    name, flags = "", set[str]()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key == "model name" and not name:
            name = value.strip()
        elif key in {"flags", "features"} and not flags:
            flags = set(value.split())
    return name, flags


def native_bfloat16(cpuinfo: Path = _CPUINFO) -> bool:
    """Whether the CPU multiplies bfloat16 in hardware. Without it a bfloat16 product is
    emulated and far slower than float32: on a 2-core AVX2 host, 91 query rows against
    99,397 label rows took 727-880 ms in bfloat16 against 141-165 ms in float32. False
    when /proc/cpuinfo cannot be read."""
    return bool(_BF16_FLAGS & _cpuinfo(cpuinfo)[1])


def machine(cpuinfo: Path = _CPUINFO) -> dict[str, object]:
    """What a benchmark ran on: CPU model, cores, and whether bfloat16 and int8 dot
    products run in hardware (the int8 reader and the label products depend on them)."""
    name, flags = _cpuinfo(cpuinfo)
    return {
        "cpu": name or "unknown",
        "cores": os.cpu_count() or 1,
        "bfloat16": bool(_BF16_FLAGS & flags),
        "int8_dot": bool(_VNNI_FLAGS & flags),
    }


def _read_times() -> tuple[float, float, float] | None:
    """(all cores busy, all cores total, this process busy) in clock ticks, or None."""
    try:
        fields = _STAT.read_text().split("\n", 1)[0].split()[1:]
        ticks = [float(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
        idle = ticks[3] + ticks[4]
        own = _SELF.read_text().rsplit(")", 1)[1].split()
        mine = float(own[11]) + float(own[12])  # utime, stime (fields 14 and 15)
    except (OSError, ValueError, IndexError):
        return None
    total = sum(ticks)
    return total - idle, total, mine


class CoreMonitor:
    """Cores kept busy by other processes, averaged over the last `interval` seconds."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.cores = os.cpu_count() or 1
        self._lock = threading.Lock()
        self._last = _read_times()
        self._at = time.monotonic()
        self._others = 0.0

    def others(self) -> float:
        """Cores' worth of CPU time other processes used lately (0 where /proc is missing)."""
        with self._lock:
            now = time.monotonic()
            if self._last is None or now - self._at < self.interval:
                return self._others
            current = _read_times()
            if current is None:
                return self._others
            busy = current[0] - self._last[0]
            total = current[1] - self._last[1]
            mine = current[2] - self._last[2]
            if total > 0:
                self._others = max(0.0, (busy - mine) / (total / self.cores))
            self._last, self._at = current, now
            return self._others

    def free_threads(self, wanted: int) -> int:
        """`wanted` threads less the cores other processes keep busy (at least one)."""
        if wanted <= 1:
            return 1
        return max(1, min(wanted, round(self.cores - self.others())))
