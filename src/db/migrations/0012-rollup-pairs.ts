import { type Kysely, sql } from "kysely";
import { ROLLUP_APPLY_V1, ROLLUP_REBUILD_V1, ROLLUP_WORKSPACES_UPD_V1 } from "./0003-rollups.js";

/**
 * Rollups over attribute pairs: a rollup dimension may name two attributes, `product+city` ('+' is not
 * allowed in attribute names), whose rows carry both values (`dim_value`, `dim_value2`). A segment such
 * as `product = Pro AND city = Kazan` — or a breakdown by city filtered to one product — then reads
 * those rows instead of scanning the answers.
 *
 * A change of the dimension list alone now adds the new dimensions' rows and drops the removed ones'
 * instead of rebuilding the whole workspace (rows of the other dimensions do not depend on the list);
 * a change of time zone still rebuilds everything, since every period moves.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table answer_rollups add column dim_value2 text;
    alter table answer_rollups drop constraint answer_rollups_key;
    alter table answer_rollups add constraint answer_rollups_key unique nulls not distinct
      (workspace_id, survey_id, question_id, dim, grain, period, dim_value, dim_value2, channel, language, value);

    -- A segment reads one value (or pair of values) of a dimension: its rows are found by value, not
    -- by scanning every value's rows of the period (200 product × city pairs are 200 times as many).
    create index answer_rollups_dim_value on answer_rollups (workspace_id, kind, dim, grain, dim_value, dim_value2, period)
      where dim <> '';

    -- The value of one part (1 or 2) of a dimension for an answer: the response's attribute, else the
    -- customer's. Null for the base rows ('') and for part 2 of a single-attribute dimension.
    create function otklik_rollup_dim_value(p_dim text, p_part integer, p_r jsonb, p_c jsonb)
    returns text language sql immutable as $fn$
      select case when nullif(split_part(p_dim, '+', p_part), '') is null then null
                  else coalesce(p_r ->> split_part(p_dim, '+', p_part), p_c ->> split_part(p_dim, '+', p_part)) end
    $fn$;

    create or replace function otklik_rollup_apply(p_sign integer, p_rows otklik_rollup_src[], p_dims_only boolean)
    returns void language plpgsql as $fn$
    begin
      insert into answer_rollups as t
        (workspace_id, survey_id, question_id, kind, dim, dim_value, dim_value2, grain, period, channel, language, value, n)
      select s.workspace_id, s.survey_id, s.question_id, s.kind, d.dim,
             otklik_rollup_dim_value(d.dim, 1, s.r_attributes, s.c_attributes),
             otklik_rollup_dim_value(d.dim, 2, s.r_attributes, s.c_attributes),
             g.grain,
             case when g.grain = 'day' then (s.submitted_at at time zone w.time_zone)::date
                  else date_trunc('month', s.submitted_at at time zone w.time_zone)::date end,
             case when d.dim = '' then s.channel end,
             case when d.dim = '' then s.language end,
             s.value, p_sign * count(*)
      from unnest(p_rows) s
      join workspaces w on w.id = s.workspace_id
      cross join lateral unnest(
        case when p_dims_only then w.rollup_dimensions else array[''] || w.rollup_dimensions end
      ) as d(dim)
      cross join (values ('day'), ('month')) as g(grain)
      where s.value is not null
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
      on conflict on constraint answer_rollups_key do update set n = t.n + excluded.n;
    end $fn$;

    drop function otklik_rollup_rebuild(uuid);
    -- Recomputes a workspace's rollups from its answers: all of them (p_dims null), or only the rows
    -- of the given dimensions. Set-based, so it also serves bulk loads: the answers are read once into
    -- day rows, and the month rows are summed from those (a tenth of the rows or fewer), not from the
    -- answers again.
    create function otklik_rollup_rebuild(p_workspace uuid, p_dims text[] default null)
    returns void language plpgsql as $fn$
    begin
      if p_dims is null then
        delete from answer_rollups where workspace_id = p_workspace;
      else
        delete from answer_rollups where workspace_id = p_workspace and dim = any(p_dims);
      end if;
      insert into answer_rollups
        (workspace_id, survey_id, question_id, kind, dim, dim_value, dim_value2, grain, period, channel, language, value, n)
      select a.workspace_id, a.survey_id, a.question_id, a.kind, d.dim,
             otklik_rollup_dim_value(d.dim, 1, r.attributes, c.attributes),
             otklik_rollup_dim_value(d.dim, 2, r.attributes, c.attributes),
             'day', (a.submitted_at at time zone w.time_zone)::date,
             case when d.dim = '' then r.channel end,
             case when d.dim = '' then r.language end,
             a.value, count(*)
      from answers a
      join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
      left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
      join workspaces w on w.id = a.workspace_id
      cross join lateral unnest(
        case when p_dims is null then array[''] || w.rollup_dimensions else p_dims end
      ) as d(dim)
      where a.workspace_id = p_workspace and a.value is not null
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
      -- stored in query order, so a dashboard query reads a few adjacent pages
      order by 1, 5, 2, 3, 9;
      insert into answer_rollups
        (workspace_id, survey_id, question_id, kind, dim, dim_value, dim_value2, grain, period, channel, language, value, n)
      select workspace_id, survey_id, question_id, kind, dim, dim_value, dim_value2,
             'month', date_trunc('month', period)::date, channel, language, value, sum(n)
      from answer_rollups
      where workspace_id = p_workspace and grain = 'day' and (p_dims is null or dim = any(p_dims))
      group by 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12
      order by 1, 5, 2, 3, 9;
    end $fn$;

    create or replace function otklik_rollup_workspaces_upd() returns trigger language plpgsql as $fn$
    declare
      removed text[];
      added text[];
    begin
      if old.time_zone is distinct from new.time_zone then
        perform otklik_rollup_rebuild(new.id);
      elsif old.rollup_dimensions is distinct from new.rollup_dimensions then
        removed := array(select unnest(old.rollup_dimensions) except select unnest(new.rollup_dimensions));
        added := array(select unnest(new.rollup_dimensions) except select unnest(old.rollup_dimensions));
        if cardinality(removed) > 0 then
          delete from answer_rollups where workspace_id = new.id and dim = any(removed);
        end if;
        if cardinality(added) > 0 then
          perform otklik_rollup_rebuild(new.id, added);
        end if;
      end if;
      return null;
    end $fn$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from answer_rollups where dim like '%+%';
    drop index answer_rollups_dim_value;
    drop trigger workspaces_rollup_upd on workspaces;
    drop function otklik_rollup_workspaces_upd(), otklik_rollup_rebuild(uuid, text[]),
      otklik_rollup_apply(integer, otklik_rollup_src[], boolean), otklik_rollup_dim_value(text, integer, jsonb, jsonb);
    alter table answer_rollups drop constraint answer_rollups_key;
    alter table answer_rollups drop column dim_value2;
    alter table answer_rollups add constraint answer_rollups_key unique nulls not distinct
      (workspace_id, survey_id, question_id, dim, grain, period, dim_value, channel, language, value);
    ${ROLLUP_APPLY_V1};
    ${ROLLUP_REBUILD_V1};
    ${ROLLUP_WORKSPACES_UPD_V1};
    create trigger workspaces_rollup_upd after update on workspaces
      for each row execute function otklik_rollup_workspaces_upd();
  `.execute(db);
}
