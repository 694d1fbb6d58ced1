-- unit: the units zhibiao knows, with the base unit and factor to reach it (万元 → 元 × 10⁴).
-- grain: one row per unit name as sources write it. Seeded from warehouse/units.py; unknown units are their own base.
-- columns: name, base, factor (value_in_base = value × factor), family (count, money, rate, points, area ...).
create table if not exists unit (
    name   varchar primary key,
    base   varchar not null,
    factor double not null,
    family varchar not null
);
