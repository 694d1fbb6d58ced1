-- fact_live: every vintage of every fact that is part of the published data: its source is published (not a draft
--   under review, not removed or replaced) and no review edit or drop has retired it. Views and checks that look at
--   all vintages, not only the current one, read this instead of fact; series reads fact.is_current, which the writer
--   only ever sets on live facts.
-- grain: one row per live fact (all vintages).
-- columns: the columns of fact.
create or replace view fact_live as
select f.*
from fact as f
where
    f.retired_at is null
    and f.source_id not in (select s.id from source as s where s.state <> 'published')
