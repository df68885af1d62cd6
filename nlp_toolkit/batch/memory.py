"""The memory ceiling of a pool worker: the setting, the cap itself, and the reason a file past it is given.

Its own module so that the analysis (which names the reason) and the engines (which set the cap)
both import it, and neither imports the other for it.
"""
from __future__ import annotations

import math
import os

MEMORY_ENV_VAR = "NLP_TOOLKIT_MEMORY_LIMIT_MB"
DEFAULT_MEMORY_LIMIT_MB = 2048.0


def set_memory_limit(mb: float | None) -> None:
    """The address-space ceiling of each pool worker started from now on, in MB (None: the
    default, math.inf: none); exported to the environment like the size limit."""
    if mb is None:
        os.environ.pop(MEMORY_ENV_VAR, None)
    else:
        os.environ[MEMORY_ENV_VAR] = "inf" if mb == math.inf else repr(float(mb))


def memory_limit_mb() -> float | None:
    """The ceiling in force (None: no ceiling)."""
    value = os.environ.get(MEMORY_ENV_VAR, "")
    try:
        mb = float(value) if value else DEFAULT_MEMORY_LIMIT_MB
    except ValueError:
        mb = DEFAULT_MEMORY_LIMIT_MB
    return None if mb == math.inf or not mb > 0 else mb


def memory_reason(mb: float | None) -> str:
    if mb is None:
        return "分析此文件时内存不足，已停止分析此文件，其余文件照常分析"
    return (f"分析此文件所需内存超过单个分析进程的上限（{mb:g} MB，可用 --memory-limit 调整），"
            f"已停止分析此文件，其余文件照常分析")


_ceiling_mb: float | None = None  # the ceiling `limit_memory` set in this process


def memory_ceiling() -> float | None:
    """The address-space ceiling of this process, if a pool worker set one."""
    return _ceiling_mb


def limit_memory(mb: float | None) -> None:
    """Cap this process's address space (RLIMIT_AS): an allocation past it raises MemoryError."""
    global _ceiling_mb
    if mb is None:
        return
    try:
        import resource

        soft = int(mb * 1024 * 1024)
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        _ceiling_mb = mb
    except (ImportError, ValueError, OSError):  # not POSIX, or not allowed: no ceiling
        pass
