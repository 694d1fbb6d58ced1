-- num_humanize_as: the core of num_humanize for callers that already joined the unit table (the yoy phrase
--   does, once per row): x in unit u_name whose base is u_base, factor u_factor, family u_family; plain_places for
--   a number shown in its own unit, scaled_places for one shown in 万/亿 (trailing zeros dropped there).
-- grain: scalar, one value per call.
-- columns: x (double), u_name, u_base, u_factor, u_family, plain_places, scaled_places → varchar.
create or replace macro num_humanize_as(x, u_name, u_base, u_factor, u_family, plain_places, scaled_places) as case
    when x is null then null
    -- one formatting call per branch kind (each macro call is expanded when a query is planned)
    when u_base in ('元', '人', '户', '人次', '户次') and u_family in ('money', 'count')
        and abs(x * u_factor) >= case when u_base = '元' then 1e4 else 1e5 end
        then num_trim_zeros(num_format(
            x * u_factor / case when abs(x * u_factor) >= 1e8 then 1e8 else 1e4 end, scaled_places
        )) || case when abs(x * u_factor) >= 1e8 then '亿' else '万' end || u_base
    else num_format(x, plain_places) || coalesce(u_name, '')
end
