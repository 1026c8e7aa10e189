#!/usr/bin/env python3
"""Reference values for libs/math/linalg from numpy/scipy (LAPACK) on fixed matrices.

Run:  python3 tools/reference/linalg/generate.py
Writes libs/math/linalg/src/__fixtures__/linalg-reference.json; tests read only that JSON.
Inputs are built from closed-form expressions (no RNG) and stored in the JSON too.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
import scipy.linalg as sla

OUT = os.path.join(os.path.dirname(__file__), '../../../libs/math/linalg/src/__fixtures__/linalg-reference.json')


def mat(rows, cols, f):
    return np.array([[f(i, j) for j in range(cols)] for i in range(rows)], dtype=np.float64)


def js(a):
    a = np.asarray(a, dtype=np.float64)
    return {'rows': int(a.shape[0]), 'cols': int(a.shape[1]), 'data': [float(v) for v in a.ravel()]}


def vec(v):
    return [float(x) for x in np.asarray(v).ravel()]


def main():
    general = mat(6, 6, lambda i, j: math.sin(1.3 * i + 0.7 * j * j + 0.1) + (2.0 if i == j else 0.0))
    tall = mat(9, 5, lambda i, j: math.cos(0.9 * i * (j + 1)) + 0.05 * i)
    wide = tall.T.copy()
    spd = tall.T @ tall + 0.5 * np.eye(5)
    sym = mat(7, 7, lambda i, j: math.sin(i + j) + math.cos(i * j))
    hilbert = mat(10, 10, lambda i, j: 1.0 / (i + j + 1))
    graded = mat(6, 6, lambda i, j: math.cos(i + 2 * j) * 10.0 ** (-2 * i))
    rankdef = mat(8, 6, lambda i, j: (i + 1) * (j % 3 + 1) + (i % 2) * (j % 2))  # rank 2-ish by construction
    rhs = mat(9, 2, lambda i, j: math.sin(i + 3 * j))
    rhs_rd = mat(8, 1, lambda i, j: math.cos(i))
    companion = np.array([[10, -35, 50, -24], [1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], dtype=np.float64)
    rot = mat(5, 5, lambda i, j: math.sin(2.0 * i - j) + 0.3 * (j - i))
    pca_x = mat(20, 4, lambda i, j: math.sin(0.37 * i * (j + 1)) * (j + 1) + 0.1 * i * (j == 2))

    def svd_case(a):
        s = np.linalg.svd(a, compute_uv=False)
        return {'a': js(a), 's': vec(s)}

    sign, logdet = np.linalg.slogdet(general)
    x_rd, res_rd, rank_rd, s_rd = np.linalg.lstsq(rankdef, rhs_rd, rcond=None)
    ridge = 0.3
    x_ridge = np.linalg.solve(tall.T @ tall + ridge * np.eye(5), tall.T @ rhs)
    ev_gen = np.linalg.eigvals(rot)
    order = np.lexsort((-ev_gen.imag, ev_gen.real))
    ev_gen = ev_gen[order]
    z = pca_x - pca_x.mean(axis=0)
    _, s_p, vt_p = np.linalg.svd(z, full_matrices=False)
    ev = s_p ** 2 / (pca_x.shape[0] - 1)
    comp = vt_p.copy()
    for r in range(comp.shape[0]):  # sign convention: largest |loading| positive
        if comp[r, np.argmax(np.abs(comp[r]))] < 0:
            comp[r] = -comp[r]
    out = {
        'generator': 'tools/reference/linalg/generate.py',
        'versions': {'python': sys.version.split()[0], 'numpy': np.__version__, 'scipy': scipy.__version__},
        'svd': {'tall': svd_case(tall), 'wide': svd_case(wide), 'hilbert': svd_case(hilbert), 'graded': svd_case(graded), 'rankdef': svd_case(rankdef)},
        'eigh': {'a': js(sym), 'values': vec(np.linalg.eigvalsh(sym)), 'hilbert': vec(np.linalg.eigvalsh(hilbert))},
        'eig': {
            'a': js(rot), 'valuesRe': vec(ev_gen.real), 'valuesIm': vec(ev_gen.imag),
            'companion': js(companion), 'companionRoots': vec(np.sort(np.linalg.eigvals(companion).real)),
        },
        'det': {'a': js(general), 'det': float(np.linalg.det(general)), 'sign': float(sign), 'logAbsDet': float(logdet)},
        'solve': {'a': js(general), 'b': js(rhs[:6]), 'x': js(np.linalg.solve(general, rhs[:6]))},
        'inv': {'a': js(general), 'inv': js(np.linalg.inv(general))},
        'cholesky': {'a': js(spd), 'l': js(np.linalg.cholesky(spd))},
        'qr': {'a': js(tall), 'rAbsDiag': vec(np.abs(np.diag(np.linalg.qr(tall)[1])))},
        'lstsq': {
            'full': {'a': js(tall), 'b': js(rhs), 'x': js(np.linalg.lstsq(tall, rhs, rcond=None)[0])},
            'rankdef': {'a': js(rankdef), 'b': js(rhs_rd), 'x': js(x_rd), 'rank': int(rank_rd)},
            'ridge': {'a': js(tall), 'b': js(rhs), 'ridge': ridge, 'x': js(x_ridge)},
        },
        'pinvCheck': {'a': js(rankdef), 'pinv': js(np.linalg.pinv(rankdef))},
        'pca': {'x': js(pca_x), 'mean': vec(pca_x.mean(axis=0)), 'explainedVariance': vec(ev),
                'explainedVarianceRatio': vec(ev / ev.sum()), 'components': js(comp)},
        'hilbertNorm2': float(sla.norm(hilbert, 2)),  # scipy's 2-norm = σ_max, an independent path
        'cond': {'general': float(np.linalg.cond(general)), 'tall': float(np.linalg.cond(tall)), 'spd': float(np.linalg.cond(spd))},
    }
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
