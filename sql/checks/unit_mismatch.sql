-- unit_mismatch: 单位族不一致 / units of different families
-- purpose: one indicator measures one thing. A key (indicator, region, period, kind) whose facts are in units of
--   different families (人 and 所, 人次 and 万元, 户 and 人), or a fact whose unit is not in the family of its
--   indicator's unit, mixes two meanings: one hides the other in series and the dashboards print the wrong unit.
--   A unit's family is its base unit (unit table: 人/名/位/万人 → 人, 元/万元/亿元 → 元) with the bases that count
--   one kind of thing folded together as warehouse/units.py QUANTITY_GROUPS does (所/家/处/座 → 个, 床 → 张,
--   场次 → 场, 百分点 → %); a unit the table lacks is a family of its own. Read from the base, not from a column of
--   its own, so the check also runs on a snapshot made before families existed. Every fact is checked, not only the
--   current one, since a mixed key shows only one of its facts.
-- grain: one row per offending fact.
-- columns: fact_id, indicator, indicator_name, region, period, kind, value, unit, quantity (the fact's unit family),
--   indicator_unit, families (every family the key holds, sorted), problem (Chinese / English), source_id, quote.
with base as (
    select
        f.*,
        coalesce(u.base, f.base_unit) as fact_base,
        case when nullif(trim(i.unit), '') is not null then coalesce(ui.base, i.unit) end as indicator_base,
        i.name as indicator_name,
        i.unit as indicator_unit
    from fact as f
    left join unit as u on f.unit = u.name
    left join indicator as i on f.indicator = i.code
    left join unit as ui on i.unit = ui.name
),

f as (
    select
        id as fact_id,
        indicator,
        region,
        period,
        kind,
        value,
        unit,
        source_id,
        quote,
        indicator_name,
        indicator_unit,
        case
            when fact_base in ('所', '家', '处', '座') then '个'
            when fact_base = '床' then '张'
            when fact_base = '场次' then '场'
            when fact_base = '百分点' then '%'
            else fact_base
        end as quantity,
        case
            when indicator_base in ('所', '家', '处', '座') then '个'
            when indicator_base = '床' then '张'
            when indicator_base = '场次' then '场'
            when indicator_base = '百分点' then '%'
            else indicator_base
        end as indicator_quantity
    from base
),

keyed as (
    select
        *,
        list_sort(list_distinct(list(quantity) over (partition by indicator, region, period, kind))) as families
    from f
)

select
    fact_id,
    indicator,
    indicator_name,
    region,
    period,
    kind,
    value,
    unit,
    quantity,
    indicator_unit,
    families,
    concat_ws(
        '；',
        case when len(families) > 1 then '同一指标、地区、期间的单位族不同 / one key holds units of different families' end,
        case
            when indicator_quantity is not null and quantity <> indicator_quantity
                then '单位不属于指标单位的族 / unit not in the family of the indicator''s unit'
        end
    ) as problem,
    source_id,
    quote
from keyed
where len(families) > 1 or (indicator_quantity is not null and quantity <> indicator_quantity)
order by indicator, region, period, kind, fact_id
