-- title: 可疑数据及其出处 / Suspect facts and where they came from
-- description: 被标为可疑的数据，附可疑原因、来源文件和原文引述，便于逐条核对。
--   / Facts flagged as suspect, with the reason, the source file and the quoted text.
-- shows: fact, source, provenance
select f.id as 编号, i.name as 指标, coalesce(r.name, f.region) as 地区, f.period as 期间,
       f.value as 数值, f.unit as 单位, f.suspect_reason as 可疑原因, s.title as 来源, f.quote as 原文
from fact_live f
join indicator i on i.code = f.indicator
left join region r on r.code = f.region
left join source s on s.id = f.source_id
where f.suspect
order by f.id
