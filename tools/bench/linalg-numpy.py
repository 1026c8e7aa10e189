#!/usr/bin/env python3
"""numpy/scipy side of tools/bench/linalg.bench.ts: `python3 linalg-numpy.py <op> <size>` → {"ms": best}.
Run by the benchmark with OPENBLAS_NUM_THREADS=1 and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE unset."""
import json
import sys
import time

import numpy as np


def main():
    op, size = sys.argv[1], sys.argv[2]
    budget = float(sys.argv[3]) / 1000 if len(sys.argv) > 3 else 1.5
    m, n = (list(map(int, size.split('x'))) + [None])[:2]
    n = n or m
    rng = np.random.default_rng(1)
    if op in ('gemm', 'gemm-2w'):  # gemm-2w: the benchmark sets OPENBLAS_NUM_THREADS=2
        a, b = rng.random((m, m)) - 0.5, rng.random((m, m)) - 0.5
        run = lambda: a @ b
    elif op == 'syrk':
        a = rng.random((m, n)) - 0.5
        run = lambda: a @ a.T  # numpy recognises the transposed operand and calls BLAS syrk
    elif op == 'syrk-f32':
        a = (rng.random((m, n)) - 0.5).astype(np.float32)
        run = lambda: a @ a.T
    elif op in ('gemv-f32', 'gemv-f32r'):  # 10 products per timed call, as GEMV_REPS in linalg-case.ts
        a, x = (rng.random((m, n)) - 0.5).astype(np.float32), (rng.random(n) - 0.5).astype(np.float32)
        run = lambda: [a @ x for _ in range(10)]
    elif op == 'gemm-f32':
        a, b = (rng.random((m, m)) - 0.5).astype(np.float32), (rng.random((m, m)) - 0.5).astype(np.float32)
        run = lambda: a @ b
    elif op == 'cholesky-batch':
        # m systems of order n; numpy has no batched triangular solve, so this is the batched LU solve
        # (LAPACK gesv per system inside one gufunc call, about twice the flops of Cholesky)
        x = (rng.random((m, n, n)) - 0.5) * 0.1
        a = x + np.swapaxes(x, 1, 2) + n * np.eye(n)
        b = rng.random((m, n, 1)) - 0.5
        run = lambda: np.linalg.solve(a, b)
    elif op == 'cholesky':
        x = rng.random((m, m)) - 0.5
        a = x @ x.T + m * np.eye(m)
        run = lambda: np.linalg.cholesky(a)
    elif op == 'svd':
        a = rng.random((m, n)) - 0.5
        run = lambda: np.linalg.svd(a, full_matrices=False)
    elif op == 'eigh':
        a = rng.random((m, m)) - 0.5
        a = (a + a.T) / 2
        run = lambda: np.linalg.eigh(a)
    elif op == 'eig':
        a = rng.random((m, m)) - 0.5
        run = lambda: np.linalg.eig(a)
    elif op == 'lstsq':
        a, b = rng.random((m, n)) - 0.5, rng.random((m, 1)) - 0.5
        run = lambda: np.linalg.lstsq(a, b, rcond=None)
    elif op == 'pca':
        x = rng.random((m, n)) - 0.5
        run = lambda: np.linalg.svd(x - x.mean(axis=0), full_matrices=False)
    elif op == 'sparse-svd20':
        import scipy.sparse as sp
        import scipy.sparse.linalg as spla
        a = sp.random(m, n, density=0.01, format='csr', random_state=1)
        run = lambda: spla.svds(a, k=20, random_state=1)
    else:
        raise SystemExit(f'unknown op {op}')
    run()  # warm-up
    best, best_cpu, spent = float('inf'), float('inf'), 0.0
    for rep in range(5):
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        best, best_cpu, spent = min(best, dt), min(best_cpu, dc), spent + dt
        if spent > budget:
            break
    print(json.dumps({'ms': best * 1000, 'cpuMs': best_cpu * 1000}))


if __name__ == '__main__':
    main()
