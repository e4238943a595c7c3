import { type Kysely, sql } from "kysely";

/** The first versions of the functions that 0012-rollup-pairs replaces (its `down` restores them). */
export const ROLLUP_APPLY_V1 = sql`
  create function otklik_rollup_apply(p_sign integer, p_rows otklik_rollup_src[], p_dims_only boolean)
    returns void language plpgsql as $fn$
    begin
      insert into answer_rollups as t
        (workspace_id, survey_id, question_id, kind, dim, dim_value, grain, period, channel, language, value, n)
      select s.workspace_id, s.survey_id, s.question_id, s.kind, d.dim,
             case when d.dim = '' then null else coalesce(s.r_attributes ->> d.dim, s.c_attributes ->> d.dim) end,
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
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
      on conflict on constraint answer_rollups_key do update set n = t.n + excluded.n;
    end $fn$`;

export const ROLLUP_REBUILD_V1 = sql`
  create function otklik_rollup_rebuild(p_workspace uuid) returns void language plpgsql as $fn$
    begin
      delete from answer_rollups where workspace_id = p_workspace;
      insert into answer_rollups
        (workspace_id, survey_id, question_id, kind, dim, dim_value, grain, period, channel, language, value, n)
      select a.workspace_id, a.survey_id, a.question_id, a.kind, d.dim,
             case when d.dim = '' then null else coalesce(r.attributes ->> d.dim, c.attributes ->> d.dim) end,
             g.grain,
             case when g.grain = 'day' then (a.submitted_at at time zone w.time_zone)::date
                  else date_trunc('month', a.submitted_at at time zone w.time_zone)::date end,
             case when d.dim = '' then r.channel end,
             case when d.dim = '' then r.language end,
             a.value, count(*)
      from answers a
      join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
      left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
      join workspaces w on w.id = a.workspace_id
      cross join lateral unnest(array[''] || w.rollup_dimensions) as d(dim)
      cross join (values ('day'), ('month')) as g(grain)
      where a.workspace_id = p_workspace and a.value is not null
      group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
      -- stored in query order, so a dashboard query reads a few adjacent pages
      order by 1, 5, 7, 2, 3, 8;
    end $fn$`;

export const ROLLUP_WORKSPACES_UPD_V1 = sql`
  create function otklik_rollup_workspaces_upd() returns trigger language plpgsql as $fn$
    begin
      if (old.time_zone, old.rollup_dimensions) is distinct from (new.time_zone, new.rollup_dimensions) then
        perform otklik_rollup_rebuild(new.id);
      end if;
      return null;
    end $fn$`;

/**
 * Answer rollups: answer counts per (survey, question, local day, channel, language, value), plus one
 * row set per chosen attribute dimension (per (survey, question, local day, attribute value, value)),
 * each kept at two grains: the day and the month (`period` is the first day of the month), so a
 * two-year monthly trend reads 24 periods' rows, not 730 days'.
 * They are the sufficient statistics of every score metric, so dashboards read O(days × groups) rows
 * instead of every answer.
 *
 * Kept current by statement-level triggers in the same transaction as the write: an answer is never
 * visible without its rollup contribution, whatever code path wrote it, and a rolled-back write rolls
 * back its contribution too. Each trigger moves the contributions of the rows it touched from their old
 * state to the new one, so rollups always equal a full recompute over the current answers, responses,
 * customers and the workspace's time zone and dimensions (a change of those two rebuilds the workspace).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table workspaces add column rollup_dimensions text[] not null default '{}';
    -- A customer's responses (rollup upkeep when a customer changes; customer-level analytics).
    create index responses_customer on responses (workspace_id, customer_id);

    create table answer_rollups (
      workspace_id uuid not null,
      survey_id uuid not null,
      question_id text not null,
      kind text not null,
      -- '' for the base rows; else the attribute name
      dim text not null,
      dim_value text,
      grain text not null, -- 'day' | 'month'
      period date not null,
      -- set on base rows only
      channel text,
      language text,
      value double precision not null,
      n integer not null,
      constraint answer_rollups_key unique nulls not distinct
        (workspace_id, survey_id, question_id, dim, grain, period, dim_value, channel, language, value)
    ) with (fillfactor = 80); -- room for in-page (HOT) updates of n, which is in no index
    create index answer_rollups_kind on answer_rollups (workspace_id, kind, dim, grain, period);

    -- What one answer contributes, with the response's and the customer's attributes (a response
    -- attribute wins over the customer's attribute of the same name, as in the raw queries).
    create type otklik_rollup_src as (
      workspace_id uuid, survey_id uuid, question_id text, kind text, value double precision,
      submitted_at timestamptz, channel text, language text, r_attributes jsonb, c_attributes jsonb
    );

    ${ROLLUP_APPLY_V1};

    create function otklik_rollup_answers_ins() returns trigger language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $fn$
    begin
      perform otklik_rollup_apply(1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   r.channel, r.language, r.attributes, c.attributes)::otklik_rollup_src
        from new_rows a
        join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
        left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
        where a.value is not null), false);
      return null;
    end $fn$;

    -- Inner join: answers deleted by the cascade of a response delete were subtracted by that delete.
    create function otklik_rollup_answers_del() returns trigger language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $fn$
    begin
      perform otklik_rollup_apply(-1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   r.channel, r.language, r.attributes, c.attributes)::otklik_rollup_src
        from old_rows a
        join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
        left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
        where a.value is not null), false);
      return null;
    end $fn$;

    create function otklik_rollup_answers_upd() returns trigger language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $fn$
    begin
      perform otklik_rollup_apply(-1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   r.channel, r.language, r.attributes, c.attributes)::otklik_rollup_src
        from old_rows a
        join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
        left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
        where a.value is not null), false);
      perform otklik_rollup_apply(1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   r.channel, r.language, r.attributes, c.attributes)::otklik_rollup_src
        from new_rows a
        join responses r on r.workspace_id = a.workspace_id and r.id = a.response_id
        left join customers c on c.workspace_id = r.workspace_id and c.id = r.customer_id
        where a.value is not null), false);
      return null;
    end $fn$;

    -- Transition tables are planned as one row each, so old and new rows are never joined to each
    -- other (a nested loop over two 1,000-row batches is a million comparisons): the changed ids come
    -- from one grouping pass, and each side then joins indexed tables only.
    create function otklik_rollup_responses_upd() returns trigger language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $fn$
    declare
      changed uuid[];
    begin
      changed := array(
        select t.id from (
          select workspace_id, id, channel, language, attributes, customer_id from old_rows
          union all
          select workspace_id, id, channel, language, attributes, customer_id from new_rows
        ) t
        group by t.workspace_id, t.id
        having count(distinct (t.channel, t.language, t.attributes, t.customer_id)) > 1);
      if cardinality(changed) = 0 then
        return null;
      end if;
      perform otklik_rollup_apply(-1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   o.channel, o.language, o.attributes, c.attributes)::otklik_rollup_src
        from old_rows o
        join answers a on a.workspace_id = o.workspace_id and a.response_id = o.id
        left join customers c on c.workspace_id = o.workspace_id and c.id = o.customer_id
        where o.id = any(changed) and a.value is not null), false);
      perform otklik_rollup_apply(1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   n.channel, n.language, n.attributes, c.attributes)::otklik_rollup_src
        from new_rows n
        join answers a on a.workspace_id = n.workspace_id and a.response_id = n.id
        left join customers c on c.workspace_id = n.workspace_id and c.id = n.customer_id
        where n.id = any(changed) and a.value is not null), false);
      return null;
    end $fn$;

    create function otklik_rollup_responses_del() returns trigger language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $fn$
    begin
      perform otklik_rollup_apply(-1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   old.channel, old.language, old.attributes, c.attributes)::otklik_rollup_src
        from answers a
        left join customers c on c.workspace_id = old.workspace_id and c.id = old.customer_id
        where a.workspace_id = old.workspace_id and a.response_id = old.id and a.value is not null), false);
      return old;
    end $fn$;

    -- Only attribute dimensions depend on the customer; base rows are untouched. Most upserts change
    -- no attribute, or the workspace has no dimensions: they return before touching any answer.
    create function otklik_rollup_customers_upd() returns trigger language plpgsql
      set enable_seqscan = off set enable_hashjoin = off set enable_mergejoin = off as $fn$
    declare
      changed uuid[];
    begin
      changed := array(
        select t.id from (
          select workspace_id, id, attributes from old_rows
          union all
          select workspace_id, id, attributes from new_rows
        ) t
        join workspaces w on w.id = t.workspace_id and cardinality(w.rollup_dimensions) > 0
        group by t.workspace_id, t.id
        having count(distinct t.attributes) > 1);
      if cardinality(changed) = 0 then
        return null;
      end if;
      perform otklik_rollup_apply(-1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   r.channel, r.language, r.attributes, o.attributes)::otklik_rollup_src
        from old_rows o
        join responses r on r.workspace_id = o.workspace_id and r.customer_id = o.id
        join answers a on a.workspace_id = r.workspace_id and a.response_id = r.id
        where o.id = any(changed) and a.value is not null), true);
      perform otklik_rollup_apply(1, array(
        select row(a.workspace_id, a.survey_id, a.question_id, a.kind, a.value, a.submitted_at,
                   r.channel, r.language, r.attributes, n.attributes)::otklik_rollup_src
        from new_rows n
        join responses r on r.workspace_id = n.workspace_id and r.customer_id = n.id
        join answers a on a.workspace_id = r.workspace_id and a.response_id = r.id
        where n.id = any(changed) and a.value is not null), true);
      return null;
    end $fn$;

    -- Rebuilds a workspace's rollups from its answers (after a change of time zone or dimensions); one
    -- set-based statement, so it also serves bulk loads.
    ${ROLLUP_REBUILD_V1};

    ${ROLLUP_WORKSPACES_UPD_V1};

    -- The trigger functions above join a batch's rows to large tables by key. Statistics can lag
    -- behind a bulk load (a table analyzed when nearly empty looks tiny), so they are pinned to index
    -- lookups: their cost follows the batch, never the table.

    create trigger answers_rollup_ins after insert on answers
      referencing new table as new_rows for each statement execute function otklik_rollup_answers_ins();
    create trigger answers_rollup_del after delete on answers
      referencing old table as old_rows for each statement execute function otklik_rollup_answers_del();
    create trigger answers_rollup_upd after update on answers
      referencing old table as old_rows new table as new_rows
      for each statement execute function otklik_rollup_answers_upd();
    create trigger responses_rollup_upd after update on responses
      referencing old table as old_rows new table as new_rows
      for each statement execute function otklik_rollup_responses_upd();
    create trigger responses_rollup_del before delete on responses
      for each row execute function otklik_rollup_responses_del();
    create trigger customers_rollup_upd after update on customers
      referencing old table as old_rows new table as new_rows
      for each statement execute function otklik_rollup_customers_upd();
    create trigger workspaces_rollup_upd after update on workspaces
      for each row execute function otklik_rollup_workspaces_upd();

    create table segments (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      name text not null,
      filter text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, name)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table segments;
    drop trigger workspaces_rollup_upd on workspaces;
    drop trigger customers_rollup_upd on customers;
    drop trigger responses_rollup_del on responses;
    drop trigger responses_rollup_upd on responses;
    drop trigger answers_rollup_upd on answers;
    drop trigger answers_rollup_del on answers;
    drop trigger answers_rollup_ins on answers;
    drop function otklik_rollup_workspaces_upd, otklik_rollup_rebuild, otklik_rollup_customers_upd,
      otklik_rollup_responses_del, otklik_rollup_responses_upd, otklik_rollup_answers_upd,
      otklik_rollup_answers_del, otklik_rollup_answers_ins, otklik_rollup_apply;
    drop type otklik_rollup_src;
    drop table answer_rollups;
    drop index responses_customer;
    alter table workspaces drop column rollup_dimensions;
  `.execute(db);
}
