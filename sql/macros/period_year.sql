-- period_year: the year of a period code (2023 for 2023YTD05); null when the code is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_year(p) as left(period_code(p), 4)::integer
