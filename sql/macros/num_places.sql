-- num_places: how many decimal places a stated number carries in its shortest form (5.2 → 1, 304 → 0,
--   0.35 → 2, 1e-07 → 7); the precision a tolerance should respect.
-- grain: scalar, one value per call.
-- columns: x (double) → integer; null when x is null.
create or replace macro num_places(x) as case
    when x is null then null
    when contains(lower(x::double::varchar), 'e')
        then greatest(
            0,
            length(rtrim(split_part(split_part(lower(x::double::varchar), 'e', 1), '.', 2), '0'))
                - split_part(lower(x::double::varchar), 'e', 2)::integer
        )
    else length(rtrim(split_part(x::double::varchar, '.', 2), '0'))
end
