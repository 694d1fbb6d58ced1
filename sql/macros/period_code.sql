-- period_code: the canonical form of a period code (2023Q01 → 2023Q1, ' 2023M05' → 2023M05), as
--   warehouse.periods.parse(p).code; null when p is not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → varchar.
create or replace macro period_code(p) as period_shift(p, 0)
