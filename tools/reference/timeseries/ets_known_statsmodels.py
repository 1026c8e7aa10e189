#!/usr/bin/env python3
"""ETS(A,A,A) with known initial states on UKgas: statsmodels ETSModel(initialization_method='known').

Writes libs/math/timeseries/src/__fixtures__/ets_known_statsmodels.json. The known states are
statsmodels' own heuristic ones (initialization_method='heuristic'), so nothing depends on our code.
Order: statsmodels' initial_seasonal for 'known' is oldest first (s_{-m}, ..., s_{-1}: it reverses
it internally, GH 7893); the fixture's `initialState` is in Modelbus order: level, trend, then the
seasonal states newest first (s_0, s_{-1}, ..., s_{-m+1} with t = 1 the first observation), i.e.
[initial_level, initial_trend, *reversed(initial_seasonal)].
Run: /usr/bin/python3 tools/reference/timeseries/ets_known_statsmodels.py
"""
import json
import os

import numpy as np
import statsmodels
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

ROOT = os.path.join(os.path.dirname(__file__), '..', '..', '..')
FIX = os.path.join(ROOT, 'libs', 'math', 'timeseries', 'src', '__fixtures__')
data = json.load(open(os.path.join(FIX, 'r_datasets.json')))
y = np.asarray(data['UKgas']['values'], dtype=float)
m = 4

heur = ETSModel(y, error='add', trend='add', seasonal='add', seasonal_periods=m, initialization_method='heuristic')
level, trend, seasonal = float(heur.initial_level), float(heur.initial_trend), np.asarray(heur.initial_seasonal, dtype=float)
mod = ETSModel(y, error='add', trend='add', seasonal='add', seasonal_periods=m, initialization_method='known',
               initial_level=level, initial_trend=trend, initial_seasonal=seasonal)
res = mod.fit(disp=False, maxiter=10000)
at = np.array([0.3, 0.05, 0.2])
out = {
    'generator': 'tools/reference/timeseries/ets_known_statsmodels.py',
    'statsmodels': statsmodels.__version__,
    'series': 'UKgas', 'period': m, 'spec': {'error': 'A', 'trend': 'A', 'season': 'A'},
    'sm_initial_seasonal_oldest_first': seasonal.tolist(),
    'initialState': [level, trend] + seasonal[::-1].tolist(),
    'params': {'alpha': float(res.params[0]), 'beta': float(res.params[1]), 'gamma': float(res.params[2])},
    'llf': float(res.llf),
    'params_at': {'alpha': float(at[0]), 'beta': float(at[1]), 'gamma': float(at[2])},
    'llf_at': float(mod.loglike(at)),
}
with open(os.path.join(FIX, 'ets_known_statsmodels.json'), 'w') as f:
    json.dump(out, f, indent=1)
    f.write('\n')
print(json.dumps(out, indent=1))
