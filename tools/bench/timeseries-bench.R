# R side of tools/bench/timeseries.bench.ts: times the same fits on the same data (CSV files written
# by the TypeScript benchmark into the directory given as the first argument) and prints one JSON
# object on stdout. Debian r-base-core + r-cran-forecast. Not a test.
suppressPackageStartupMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
reps <- as.integer(args[2])
clock <- if (length(args) >= 3) args[3] else "cpu"
# CPU time (user + system) of this process, or elapsed time
now <- function() { p <- proc.time(); if (clock == "wall") p[["elapsed"]] else p[["user.self"]] + p[["sys.self"]] }
rd <- function(name) scan(file.path(dir, name), quiet = TRUE)

# best (smallest) seconds per call over reps runs of `inner` calls after one warm-up; returns the last result too
timed <- function(f, n = reps, inner = 1) {
  r <- f()
  t <- numeric(n)
  for (i in seq_len(n)) {
    s <- now()
    for (k in seq_len(inner)) r <- f()
    t[i] <- (now() - s) / inner
  }
  list(seconds = min(t), result = r)
}

out <- list()

y <- rd("ll_1e6.csv")
mod <- list(T = matrix(1), Z = 1, h = 1, V = matrix(0.1), a = 0, P = matrix(1e7), Pn = matrix(1e7))
k <- timed(function() KalmanLike(y, mod, nit = 0L), max(reps, 5))
out$llLoglik <- list(seconds = k$seconds)

y <- rd("nile.csv")
k <- timed(function() StructTS(y, type = "level"), reps, 100)  # 100 fits per timing: the CPU clock ticks in ms
out$nile <- list(seconds = k$seconds, coef = as.list(k$result$coef))

y <- rd("llt_1e4.csv")
k <- timed(function() StructTS(y, type = "trend"))
out$llt <- list(seconds = k$seconds, coef = as.list(k$result$coef))

y <- rd("arma21_1e4.csv")
k <- timed(function() arima(y, order = c(2, 0, 1), method = "ML"))
out$arma <- list(seconds = k$seconds, loglik = k$result$loglik, coef = as.list(k$result$coef), sigma2 = k$result$sigma2)

y <- ts(rd("ets_1e4.csv"), frequency = 12)
k <- timed(function() ets(y, model = "AAA", damped = FALSE), max(1, reps - 1))
n <- length(y)
# R's ets drops constants: loglik = -n/2 log(SSE); the full Gaussian one adds n/2 (log n - log 2pi - 1)
out$ets <- list(seconds = k$seconds, loglikR = k$result$loglik, loglikFull = k$result$loglik + n / 2 * (log(n) - log(2 * pi) - 1),
                par = as.list(k$result$par))

y <- ts(rd("ets_auto_200.csv"), frequency = 12)
k <- timed(function() ets(y), reps, 5)
out$etsAuto <- list(seconds = k$seconds, method = k$result$method)

lines <- readLines(file.path(dir, "batch.csv"))[-1]
ids <- sub(",.*", "", lines)
vals <- as.numeric(sub(".*,", "", lines))
series <- split(vals, factor(ids, levels = unique(ids)))
s <- now()
for (x in series) StructTS(x, type = "level")
out$batch <- list(seconds = now() - s, series = length(series))

cat(toJSON(out, auto_unbox = TRUE, digits = NA))
