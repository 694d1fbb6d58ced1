-- period_index: the number after the kind (1 for 2023H1, 5 for 2023YTD05; 0 for a year); null when not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_index(p) as list_transform(
    [period_code(p)],
    lambda c: case when length(c) = 4 then 0 else regexp_extract(c, '[0-9]+$')::integer end
)[1]
