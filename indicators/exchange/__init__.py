"""Data exchange: the Excel template of one report, the long format
(``unit_code, period, element_code, value[, comment]``) read and written in bulk."""
