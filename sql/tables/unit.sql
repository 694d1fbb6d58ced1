-- unit: the units zhibiao knows, with the base unit and factor to reach it (万元 → 元 × 10⁴).
-- grain: one row per unit name as sources write it. Seeded from warehouse/units.py; unknown units are their own base.
-- columns: name, base, factor (value_in_base = value × factor), family (count, money, rate, points, area ...: how
--   a value is formatted), quantity (the unit family an indicator is matched by, named by a representative unit:
--   人 for 人/名/位/万人, 个 for 个/所/家, 元 for 元/万元, % for % and 百分点; 人 is never 户, 人次 or 所).
create table if not exists unit (
    name     varchar primary key,
    base     varchar not null,
    factor   double not null,
    family   varchar not null,
    quantity varchar
);
