-- period_index: the number after the kind (1 for 2023H1, 5 for 2023YTD05; 0 for a year); null when not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_index(p) as case
    when period_is_code(p) then case when length(p::varchar) = 4 then 0 else regexp_extract(p::varchar, '[0-9]+$')::integer end
    else list_transform([period_code(p)], lambda c: case when length(c) = 4 then 0 else regexp_extract(c, '[0-9]+$')::integer end)[1]
end
