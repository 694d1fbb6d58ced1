-- num_humanize_as: the core of num_humanize for callers that already joined the unit table (the yoy phrase
--   does, once per row): x in unit u_name whose base is u_base, factor u_factor, family u_family, rounded half up to
--   plain_places of u_name. Money from 1万元 and people/households from 10万 read in 万/亿 only when the rounded
--   figure needs at most scaled_places decimals there (trailing zeros dropped) and u_name is smaller than 万/亿, as
--   warehouse.units.humanize: 720234 人 → '72.0234万人', 929000 千元 → '9.29亿元', 11.80 万元 stays '11.80万元'.
-- grain: scalar, one value per call.
-- columns: x (double), u_name, u_base, u_factor, u_family, plain_places, scaled_places (most decimals after 万/亿)
--   → varchar.
create or replace macro num_humanize_as(x, u_name, u_base, u_factor, u_family, plain_places, scaled_places) as case
    when x is null then null
    -- one formatting call per branch kind (each macro call is expanded when a query is planned)
    when u_base in ('元', '人', '户', '人次', '户次') and u_family in ('money', 'count')
        and abs(x * u_factor) >= 1e8 and u_factor < 1e8
        -- no digit of x (at plain_places) falls beyond scaled_places after 亿
        and round(abs(x) * power(10, plain_places))::hugeint
        % power(10, greatest(plain_places + round(log10(1e8 / u_factor))::integer - scaled_places, 0))::hugeint = 0
        then num_trim_zeros(num_format(
            x * u_factor / 1e8, least(plain_places + round(log10(1e8 / u_factor))::integer, 10)
        )) || '亿' || u_base
    when u_base in ('元', '人', '户', '人次', '户次') and u_family in ('money', 'count')
        and abs(x * u_factor) >= case when u_base = '元' then 1e4 else 1e5 end and u_factor < 1e4
        and round(abs(x) * power(10, plain_places))::hugeint
        % power(10, greatest(plain_places + round(log10(1e4 / u_factor))::integer - scaled_places, 0))::hugeint = 0
        then num_trim_zeros(num_format(
            x * u_factor / 1e4, least(plain_places + round(log10(1e4 / u_factor))::integer, 10)
        )) || '万' || u_base
    else num_format(x, plain_places) || coalesce(u_name, '')
end
