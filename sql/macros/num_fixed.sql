-- num_fixed: x rounded half up (away from zero) to d decimal places, as exact decimal text without separators
--   ('2.68' for 2.675, 2): the double is cast to DECIMAL(38,10) first, so 2.675 rounds like the 2.675 people read
--   (warehouse.units.format_number rounds Decimal(str(x)) the same way). d is clamped to 0..10.
-- grain: scalar, one value per call.
-- columns: x (double), d (integer places) → varchar; null when x is null or beyond DECIMAL(38,10).
create or replace macro num_fixed(x, d) as list_transform(
    [{'k': least(greatest(coalesce(d, 0), 0), 10)::integer, 'v': try_cast(x::double::varchar as decimal(38, 10))}],
    lambda a: list_transform(
        [round(abs(a.v) * power(10, a.k)::decimal(38, 0), 0)::hugeint::varchar],
        lambda n: list_transform(
            [lpad(n, greatest(length(n), a.k + 1)::integer, '0')],
            lambda s: case when a.v < 0 then '-' else '' end
                || left(s, length(s) - a.k)
                || case when a.k > 0 then '.' || right(s, a.k) else '' end
        )[1]
    )[1]
)[1]
