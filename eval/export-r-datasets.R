# Export monthly series from R's built-in `datasets` package to eval/data/*.csv
# Usage (from repo root): Rscript eval/export-r-datasets.R
# Each CSV: header `date,value`, date as ISO YYYY-MM-01, values at full precision.

out_dir <- file.path("eval", "data")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

series <- list(
  "r-airpassengers.csv"   = datasets::AirPassengers,
  "r-co2.csv"             = datasets::co2,
  "r-nottem.csv"          = datasets::nottem,
  "r-ukdriverdeaths.csv"  = datasets::UKDriverDeaths,
  "r-ldeaths.csv"         = datasets::ldeaths,
  "r-sunspot-month.csv"   = datasets::sunspot.month
)

for (fname in names(series)) {
  x <- series[[fname]]
  stopifnot(is.ts(x), frequency(x) == 12, !anyNA(x))
  tt <- as.numeric(time(x))
  year <- floor(tt + 1e-9)
  month <- round((tt - year) * 12) + 1
  stopifnot(all(month >= 1 & month <= 12))
  date <- sprintf("%04d-%02d-01", as.integer(year), as.integer(month))
  # format each element separately (vector format() pads to common decimals)
  value <- vapply(as.numeric(x), function(v)
    format(v, digits = 15, scientific = FALSE, drop0trailing = TRUE), character(1))
  stopifnot(!anyDuplicated(date))
  path <- file.path(out_dir, fname)
  writeLines(c("date,value", paste(date, value, sep = ",")), path)
  cat(sprintf("%-24s %4d rows  %s .. %s\n", fname, length(x), date[1], date[length(date)]))
}
cat(R.version.string, "\n")
