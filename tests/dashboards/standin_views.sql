-- Stand-ins for the contract views of issue 4 (series, yoy, stated_vs_computed, implied_prior, latest), created in
-- the test warehouse only when sql/views does not provide them yet. Same names and contract columns; simple phrases.
create or replace view series as
select f.id as fact_id, f.indicator, i.name as indicator_name, i.domain, f.region, r.name as region_name, f.period,
       f.value, f.unit, i.measure, f.kind, f.approx, f.suspect, f.suspect_reason, f.source_id, i.decimals
from fact f
join indicator i on i.code = f.indicator
left join region r on r.code = f.region
qualify row_number() over (partition by f.indicator, f.region, f.period, f.kind order by f.vintage desc, f.id desc) = 1;

create or replace view yoy as
select s.*, p.period as prior_period, p.value as prior_value,
       s.value - p.value as delta,
       case when s.measure = 'rate' or p.value is null or p.value = 0 then null
            else round((s.value / p.value - 1) * 100, 1) end as pct,
       case when p.value is null then null
            when s.value = p.value then '与上年持平'
            when s.measure = 'rate' then '较上年' || case when s.value > p.value then '提高' else '降低' end
                 || printf('%.1f', abs(s.value - p.value)) || '个百分点'
            when s.measure = 'stock' then '较上年' || case when s.value > p.value then '增加' else '减少' end
                 || printf('%,d', round(abs(s.value - p.value))::bigint) || s.unit
            else '比上年' || case when s.value > p.value then '增长' else '下降' end
                 || printf('%.1f', abs(s.value / p.value - 1) * 100) || '%'
       end as phrase
from series s
left join series p
  on p.indicator = s.indicator and p.region = s.region and p.kind = 'actual'
 and p.period = (cast(left(s.period, 4) as int) - 1)::varchar || substr(s.period, 5)
where s.kind = 'actual';

create or replace view implied_prior as
select f.id as fact_id, f.indicator, f.region,
       (cast(left(f.period, 4) as int) - 1)::varchar || substr(f.period, 5) as period,
       case when c.unit = '%' and i.measure <> 'rate' then f.value / (1 + c.amount / 100 * (case c.direction when '-' then -1 else 1 end))
            else f.value - coalesce(c.amount, 0) * (case c.direction when '-' then -1 else 1 end) end as value,
       f.unit, 'derived' as kind, f.source_id, f.quote
from stated_change c join fact f on f.id = c.fact_id join indicator i on i.code = f.indicator;

create or replace view stated_vs_computed as
select c.fact_id, f.indicator, f.region, f.period, f.source_id, c.direction, c.amount, c.unit as stated_unit,
       y.prior_value, y.delta as computed_delta, y.pct as computed_pct,
       case when y.prior_value is null then 'unverifiable'
            -- tolerance from the stated precision: 52 → ±0.5, 5.2 → ±0.05; a stated % compares with the computed %
            when abs(case when c.unit = '%' and f.unit <> '%' then y.pct else y.delta end) - coalesce(c.amount, 0)
                 between -(case when c.amount = round(c.amount) then 0.5 else 0.05 end)
                     and (case when c.amount = round(c.amount) then 0.5 else 0.05 end)
                 and sign(y.delta) = case c.direction when '-' then -1 when '+' then 1 else 0 end then 'consistent'
            else 'inconsistent' end as status
from stated_change c join fact f on f.id = c.fact_id
left join yoy y on y.indicator = f.indicator and y.region = f.region and y.period = f.period;

create or replace view latest as
select indicator, region, max(period) as period from series where kind = 'actual' group by all;
