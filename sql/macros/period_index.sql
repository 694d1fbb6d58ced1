-- period_index: the number after the kind (1 for 2023H1, 5 for 2023YTD05; 0 for a year); null when not valid.
-- grain: scalar, one value per call.
-- columns: p (varchar) → integer.
create or replace macro period_index(p) as case
    when period_valid(p)
        then coalesce(try_cast(nullif(regexp_extract(period_trim(p), '^[0-9]{4}[A-Z]+([0-9]+)$', 1), '') as integer), 0)
end
