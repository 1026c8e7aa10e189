#!/usr/bin/python3
"""Reference smoothed disturbances of the Nile local level at Durbin & Koopman's MLE variances.

Run from the repo root (Debian python3-statsmodels):
    /usr/bin/python3 tools/reference/timeseries/nile_disturbances_statsmodels.py
Writes libs/math/timeseries/src/__fixtures__/nile_disturbances_statsmodels.json. Tests read only the JSON.

UnobservedComponents('llevel', use_exact_diffuse=True).smooth([15099, 1469.1]) (D&K 2012 §2.10 variances,
exact diffuse level): smoothed state and its variance, the smoothed observation disturbance
eps_hat_t = E[eps_t | Y_n] and its variance Var[eps_t | Y_n], the smoothed state disturbance eta_hat_t and its
variance (D&K 2012 §2.5, Fig. 2.3), for the full series and with 1891-1900 and 1931-1940 missing (t = 20..29
and 60..69, 0-based; D&K's Fig. 2.5 example).
"""
import json
import os
import warnings

import numpy as np
import statsmodels
from statsmodels.tsa.statespace.structural import UnobservedComponents

warnings.simplefilter("ignore")
FIX = "libs/math/timeseries/src/__fixtures__"
y = np.loadtxt(os.path.join(FIX, "nile.csv"), delimiter=",", skiprows=1, usecols=1)
PARAMS = [15099.0, 1469.1]


def fl(a):
    return [None if np.isnan(v) else float(v) for v in np.asarray(a, dtype=float).ravel()]


def case(values):
    mod = UnobservedComponents(values, "llevel", use_exact_diffuse=True)
    res = mod.smooth(PARAMS)
    return {
        "values": fl(values),
        "loglik": float(res.llf),
        "nobs_diffuse": int(res.nobs_diffuse),
        "smoothed_state": fl(res.smoothed_state[0]),
        "smoothed_state_var": fl(res.smoothed_state_cov[0, 0]),
        "smoothed_obs_disturbance": fl(res.smoothed_measurement_disturbance[0]),
        "smoothed_obs_disturbance_var": fl(res.smoothed_measurement_disturbance_cov[0, 0]),
        "smoothed_state_disturbance": fl(res.smoothed_state_disturbance[0]),
        "smoothed_state_disturbance_var": fl(res.smoothed_state_disturbance_cov[0, 0]),
    }


missing = y.copy()
missing[20:30] = np.nan
missing[60:70] = np.nan
out = {
    "description": "Nile local level at sigma2_eps = 15099, sigma2_eta = 1469.1 (Durbin & Koopman 2012), exact diffuse; smoothed states and disturbances with their variances (statsmodels UnobservedComponents.smooth).",
    "params": {"sigma2_eps": PARAMS[0], "sigma2_eta": PARAMS[1]},
    "full": case(y),
    "missing_20_29_60_69": case(missing),
    "software": {"statsmodels": statsmodels.__version__, "numpy": np.__version__},
}
with open(os.path.join(FIX, "nile_disturbances_statsmodels.json"), "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("wrote", os.path.join(FIX, "nile_disturbances_statsmodels.json"))
