-- num_humanize: a value for Chinese readers, as warehouse.units.humanize: 万/亿 where the unit is 元 or a count of
--   people or households, the number is large (money from 1万元, people and households from 10万) and no digit is
--   lost (at most 4 decimals after 万/亿), else thousands separators in the unit as given. 1395700, '元', null →
--   '139.57万元'; 216000, '人', 1 → '21.6万人'; 720234, '人', 0 → '72.0234万人'; 12345, '人', null → '12,345人'.
--   d: places of the unit as given (null: 2 for units of 万 and more, else 0). Units not in the unit table are their
--   own base.
-- grain: scalar, one value per call.
-- columns: x (double, in u_name), u_name (varchar unit), d (integer places or null) → varchar.
create or replace macro num_humanize(x, u_name, d) as num_humanize_as(
    x,
    u_name,
    coalesce((select u.base from unit u where u.name = trim(u_name)), trim(u_name)),
    coalesce((select u.factor from unit u where u.name = trim(u_name)), 1.0),
    coalesce((select u.family from unit u where u.name = trim(u_name)), 'other'),
    greatest(coalesce(d, case when coalesce((select u.factor from unit u where u.name = trim(u_name)), 1.0) >= 1e4 then 2 else 0 end), 0),
    4
)
