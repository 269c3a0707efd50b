# R's forecast package on the M3 evaluation's default sample, as a reference for our ETS, ARIMA and Theta
# rows: sMAPE, MASE and the share of hidden values inside R's own 80 % and 95 % intervals (auto.arima,
# ets, thetaf, each forecast(h) from the history with the set's frequency). Run from the repository root:
#
#   Rscript eval/m3/r-reference.R          writes eval/m3/r-reference.json
#
# The sample is the evaluation's (eval/m3/data.ts): every third odd-numbered series in file order.

suppressPackageStartupMessages({
  library(forecast)
  library(jsonlite)
})

sets <- list(monthly = list(h = 18, m = 12), quarterly = list(h = 8, m = 4))
smape <- function(y, f) mean(200 * abs(y - f) / (abs(y) + abs(f)))
mase <- function(x, y, f, m) {
  lag <- if (length(x) > m) m else 1
  scale <- mean(abs(x[(lag + 1):length(x)] - x[1:(length(x) - lag)]))
  mean(abs(y - f)) / (if (scale > 0) scale else 1)
}
inside <- function(y, lo, hi) as.numeric(y >= lo & y <= hi)

methods <- list(
  ARIMA = function(x, h) forecast(auto.arima(x), h = h, level = c(80, 95)),
  ETS = function(x, h) forecast(ets(x), h = h, level = c(80, 95)),
  Theta = function(x, h) thetaf(x, h = h, level = c(80, 95))
)

result <- list()
for (set in names(sets)) {
  info <- sets[[set]]
  rows <- read.csv(file.path("eval", "data", "m3", sprintf("m3-%s-odd.csv", set)), stringsAsFactors = FALSE)
  ids <- unique(rows[[1]])
  ids <- ids[seq(1, length(ids), by = 3)]
  per <- list()
  for (name in names(methods)) per[[name]] <- list(smape = c(), mase = c(), p80 = c(), p95 = c(),
                                                    step80 = matrix(nrow = 0, ncol = info$h),
                                                    step95 = matrix(nrow = 0, ncol = info$h))
  for (id in ids) {
    s <- rows[rows[[1]] == id, ]
    x <- ts(s[s[[5]] == "train", 4], frequency = info$m)
    y <- s[s[[5]] == "test", 4]
    for (name in names(methods)) {
      fc <- methods[[name]](x, info$h)
      f <- as.numeric(fc$mean)
      in80 <- inside(y, fc$lower[, 1], fc$upper[, 1])
      in95 <- inside(y, fc$lower[, 2], fc$upper[, 2])
      p <- per[[name]]
      p$smape <- c(p$smape, smape(y, f))
      p$mase <- c(p$mase, mase(as.numeric(x), y, f, info$m))
      p$p80 <- c(p$p80, mean(in80))
      p$p95 <- c(p$p95, mean(in95))
      p$step80 <- rbind(p$step80, in80)
      p$step95 <- rbind(p$step95, in95)
      per[[name]] <- p
    }
  }
  result[[set]] <- list(series = length(ids), horizon = info$h, rows = lapply(per, function(p) list(
    smape = mean(p$smape), mase = mean(p$mase), p80 = mean(p$p80), p95 = mean(p$p95),
    p80ByStep = as.numeric(colMeans(p$step80)), p95ByStep = as.numeric(colMeans(p$step95)))))
}
result$forecastVersion <- as.character(packageVersion("forecast"))
writeLines(toJSON(result, auto_unbox = TRUE, digits = 6, pretty = TRUE), file.path("eval", "m3", "r-reference.json"))
cat(toJSON(lapply(result[c("monthly", "quarterly")], function(s) lapply(s$rows, function(r) r[c("smape", "mase", "p80", "p95")])), auto_unbox = TRUE, digits = 4), "\n")
