-- num_fixed: x rounded half up (away from zero) to d decimal places, as exact decimal text without separators
--   ('2.68' for 2.675, 2): the double is cast to DECIMAL(38,10) first, so 2.675 rounds like the 2.675 people read
--   (warehouse.units.format_number rounds Decimal(str(x)) the same way). d is clamped to 0..10.
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places) → varchar; null when x is null or beyond DECIMAL(38,10).
create or replace macro num_fixed(x, d) as case least(greatest(coalesce(d, 0), 0), 10)
    when 0 then round(try_cast(x as decimal(38, 10)), 0)::varchar
    when 1 then round(try_cast(x as decimal(38, 10)), 1)::varchar
    when 2 then round(try_cast(x as decimal(38, 10)), 2)::varchar
    when 3 then round(try_cast(x as decimal(38, 10)), 3)::varchar
    when 4 then round(try_cast(x as decimal(38, 10)), 4)::varchar
    when 5 then round(try_cast(x as decimal(38, 10)), 5)::varchar
    when 6 then round(try_cast(x as decimal(38, 10)), 6)::varchar
    when 7 then round(try_cast(x as decimal(38, 10)), 7)::varchar
    when 8 then round(try_cast(x as decimal(38, 10)), 8)::varchar
    when 9 then round(try_cast(x as decimal(38, 10)), 9)::varchar
    else try_cast(x as decimal(38, 10))::varchar
end
