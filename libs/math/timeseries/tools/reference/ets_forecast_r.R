# Reference values for the ETS tests: R forecast::ets on R's built-in datasets.
# Run from the repo root:  Rscript libs/math/timeseries/tools/reference/ets_forecast_r.R
# Writes src/__fixtures__/ets_r_forecast.json and src/__fixtures__/r_datasets.json (the series,
# also used by the statsmodels script). R's loglik drops constants (see the fixture README).
suppressPackageStartupMessages(library(forecast))
out_dir <- "libs/math/timeseries/src/__fixtures__"
num <- function(x) sprintf("%.17g", x)
json_vec <- function(x) paste0("[", paste(num(as.numeric(x)), collapse = ","), "]")
json_named <- function(x) paste0("{", paste(sprintf("\"%s\":%s", names(x), num(as.numeric(x))), collapse = ","), "}")

datasets <- list(
  AirPassengers = AirPassengers, UKgas = UKgas, USAccDeaths = USAccDeaths, Nile = Nile,
  UKDriverDeaths = UKDriverDeaths, WWWusage = WWWusage, LakeHuron = LakeHuron, lh = lh,
  sunspot_year = sunspot.year
)
ds_json <- paste(sprintf("\"%s\":{\"frequency\":%d,\"start\":%s,\"values\":%s}", names(datasets),
  sapply(datasets, frequency), sapply(datasets, function(x) num(start(x)[1] + (start(x)[2] - 1) / frequency(x))),
  sapply(datasets, json_vec)), collapse = ",\n")
writeLines(paste0("{", ds_json, "}"), file.path(out_dir, "r_datasets.json"))

cases <- list(
  c("AirPassengers", "ANN", "FALSE"), c("AirPassengers", "AAN", "FALSE"), c("AirPassengers", "AAN", "TRUE"),
  c("AirPassengers", "ANA", "FALSE"), c("AirPassengers", "AAA", "FALSE"), c("AirPassengers", "AAA", "TRUE"),
  c("AirPassengers", "MNN", "FALSE"), c("AirPassengers", "MAN", "FALSE"), c("AirPassengers", "MNM", "FALSE"),
  c("AirPassengers", "MAM", "FALSE"), c("AirPassengers", "MAM", "TRUE"), c("AirPassengers", "MAA", "FALSE"),
  c("UKgas", "AAA", "FALSE"), c("UKgas", "MAM", "FALSE"), c("USAccDeaths", "ANA", "FALSE"),
  c("USAccDeaths", "AAA", "FALSE"), c("Nile", "ANN", "FALSE"), c("Nile", "MNN", "FALSE")
)
res <- character(0)
for (cs in cases) {
  y <- datasets[[cs[1]]]
  damped <- as.logical(cs[3])
  fit <- ets(y, model = cs[2], damped = damped)
  fc <- forecast(fit, h = 12, level = c(80, 95), simulate = FALSE)
  st <- fit$states[1, ]
  res <- c(res, sprintf(paste0("{\"data\":\"%s\",\"model\":\"%s\",\"damped\":%s,\"method\":\"%s\",\"n\":%d,",
    "\"par\":%s,\"initial_states\":%s,\"loglik_r\":%s,\"aic\":%s,\"aicc\":%s,\"bic\":%s,\"sigma2\":%s,",
    "\"fitted\":%s,\"forecast_mean\":%s,\"lower80\":%s,\"upper80\":%s,\"lower95\":%s,\"upper95\":%s}"),
    cs[1], cs[2], tolower(cs[3]), fit$method, length(y), json_named(fit$par), json_named(st), num(fit$loglik),
    num(fit$aic), num(fit$aicc), num(fit$bic), num(fit$sigma2), json_vec(fitted(fit)),
    json_vec(fc$mean), json_vec(fc$lower[, 1]), json_vec(fc$upper[, 1]), json_vec(fc$lower[, 2]), json_vec(fc$upper[, 2])))
}
auto <- ets(AirPassengers)
writeLines(paste0("{\"r_version\":\"", R.version.string, "\",\"forecast_version\":\"", packageVersion("forecast"),
  "\",\"fits\":[\n", paste(res, collapse = ",\n"), "],\n\"auto_airpassengers\":{\"method\":\"", auto$method,
  "\",\"aicc\":", num(auto$aicc), ",\"loglik_r\":", num(auto$loglik), "}}"), file.path(out_dir, "ets_r_forecast.json"))
cat("wrote", length(res), "fits\n")
