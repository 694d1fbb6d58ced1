-- implied_prior: the prior-period value a stated change implies (800户, 较上年减少52户 → 852户 last year), as a derived
--   value with its provenance. Amounts: value − amount (the amount converted to the value's unit through the base:
--   增加0.47万人 on a value in 人); percent: value / (1 + pct/100); 倍: value / (1 + r); 个百分点 (and % on a rate,
--   as reports often write it): value − points; 持平: the value itself. Changes relative to another benchmark (kind
--   relative) and changes whose amount is missing or in a unit that does not convert imply nothing. Charts may show
--   these; yoy never reads them (they are not facts).
-- grain: one row per stated change that implies a value.
-- columns: fact_id (the fact that states the change), indicator, region, period (the base period: base_period, else
--   the same period one year earlier), value, unit (the stating fact's unit), kind ('derived'), source_id, quote,
--   span_start, span_end, base, direction, amount, change_unit, stated_period, stated_value, stated_kind.
create or replace view implied_prior as
with stated as (
    select
        c.fact_id,
        f.indicator,
        f.region,
        coalesce(c.base_period, prior_period(f.period)) as period,
        f.value as stated_value,
        f.unit,
        f.source_id,
        coalesce(c.quote, f.quote) as quote,
        f.span_start,
        f.span_end,
        c.base,
        c.direction,
        c.amount,
        c.unit as change_unit,
        f.period as stated_period,
        f.kind as stated_kind,
        i.measure,
        case c.direction when '+' then 1 when '-' then -1 else 0 end as sign,
        coalesce(uc.base, c.unit) as change_base,
        coalesce(uc.factor, 1.0) as change_factor,
        coalesce(uf.base, f.unit) as value_base,
        coalesce(uf.factor, 1.0) as value_factor
    from stated_change as c
    inner join fact_live as f on c.fact_id = f.id
    left join indicator as i on f.indicator = i.code
    left join unit as uc on c.unit = uc.name
    left join unit as uf on f.unit = uf.name
    where f.kind <> 'relative'
),

implied as (
    select
        *,
        case
            when direction = '=' then stated_value
            when amount is null then null
            when change_unit in ('百分点', '个百分点') or (change_unit in ('%', '％') and measure = 'rate')
                then stated_value - sign * amount
            when change_unit in ('%', '％') then stated_value / nullif(1 + sign * amount / 100, 0)
            when change_unit = '倍' then stated_value / nullif(1 + sign * amount, 0)
            when change_unit is null then stated_value - sign * amount
            when change_base = value_base then stated_value - sign * amount * change_factor / value_factor
        end as value
    from stated
)

select
    fact_id,
    indicator,
    region,
    period,
    value,
    unit,
    'derived' as kind,
    source_id,
    quote,
    span_start,
    span_end,
    base,
    direction,
    amount,
    change_unit,
    stated_period,
    stated_value,
    stated_kind
from implied
where value is not null and period is not null
