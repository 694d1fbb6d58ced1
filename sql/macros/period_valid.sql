-- period_valid: true when p is a period code warehouse.periods.is_valid accepts (2023, 2023H1, 2023Q2, 2023M05,
--   2023YTD05; years 1900–2200; months and YTD with two digits); false for null and anything else.
-- grain: scalar, one value per call.
-- columns: p (varchar) → boolean, never null.
create or replace macro period_valid(p) as period_code(p) is not null
