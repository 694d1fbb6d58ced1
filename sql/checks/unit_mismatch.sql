-- unit_mismatch: 单位族不一致 / units of different families
-- purpose: one indicator measures one thing. A key (indicator, region, period, kind) whose facts are in units of
--   different families (人 and 所, 人次 and 万元, 户 and 人), or a fact whose unit is not in the family of its
--   indicator's unit, mixes two meanings: one hides the other in series and the dashboards print the wrong unit.
--   Families come from the unit table (quantity: 人/名/位/万人 are one, 个/所/家 are one, 元/万元/亿元 are one,
--   % and 百分点 are one); a unit the table lacks is a family of its own. Every fact is checked, not only the
--   current one, since a mixed key shows only one of its facts.
-- grain: one row per offending fact.
-- columns: fact_id, indicator, indicator_name, region, period, kind, value, unit, quantity (the fact's unit family),
--   indicator_unit, families (every family the key holds, sorted), problem (Chinese / English), source_id, quote.
with f as (
    select
        f.id as fact_id,
        f.indicator,
        f.region,
        f.period,
        f.kind,
        f.value,
        f.unit,
        f.source_id,
        f.quote,
        coalesce(u.quantity, f.base_unit) as quantity,
        i.name as indicator_name,
        i.unit as indicator_unit,
        case when nullif(trim(i.unit), '') is not null then coalesce(ui.quantity, i.unit) end as indicator_quantity
    from fact as f
    left join unit as u on f.unit = u.name
    left join indicator as i on f.indicator = i.code
    left join unit as ui on i.unit = ui.name
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
