import { type Kysely, sql } from "kysely";

/**
 * Customer data for the business metrics: how each customer was acquired, their orders, subscriptions,
 * costs and product usage; the staging rows of CSV imports; the workspace's business settings (the
 * "lost" definition above all); and the latest predictive-CLV fit with its per-customer predictions.
 * Every key and index starts with workspace_id. Money is `numeric` (exact sums); instants are timestamptz.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table customers
      add column acquired_at timestamptz,
      add column acquisition_channel text,
      add column referred_by text;
    create index customers_acquired on customers (workspace_id, acquired_at);

    create table orders (
      workspace_id uuid not null,
      id uuid not null,
      external_id text not null,
      customer_id uuid not null,
      ordered_at timestamptz not null,
      amount numeric not null,
      currency text,
      product text,
      category text,
      quantity numeric,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade
    );
    create index orders_time on orders (workspace_id, ordered_at);
    create index orders_customer on orders (workspace_id, customer_id, ordered_at);

    create table subscriptions (
      workspace_id uuid not null,
      id uuid not null,
      external_id text not null,
      customer_id uuid not null,
      plan text,
      mrr numeric not null,
      currency text,
      started_at timestamptz not null,
      ended_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade,
      check (ended_at is null or ended_at >= started_at),
      check (cancelled_at is null or cancelled_at >= started_at)
    );
    create index subscriptions_time on subscriptions (workspace_id, started_at);
    create index subscriptions_customer on subscriptions (workspace_id, customer_id, started_at);

    create table costs (
      workspace_id uuid not null,
      id uuid not null,
      external_id text not null,
      kind text not null check (kind in ('acquisition', 'retention', 'support')),
      name text,
      period_start date not null,
      period_end date not null,
      amount numeric not null,
      currency text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      check (period_end > period_start)
    );
    create index costs_period on costs (workspace_id, period_start);

    create table usage_events (
      workspace_id uuid not null,
      id uuid not null,
      external_id text not null,
      customer_id uuid not null,
      occurred_at timestamptz not null,
      name text not null,
      duration double precision,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id),
      unique (workspace_id, external_id),
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade
    );
    create index usage_events_time on usage_events (workspace_id, occurred_at);
    create index usage_events_customer on usage_events (workspace_id, customer_id, occurred_at);

    create table import_rows (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      import_id uuid not null,
      line integer not null,
      payload jsonb not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, import_id, line)
    );
    create index import_rows_created on import_rows (workspace_id, created_at);

    create table business_settings (
      workspace_id uuid primary key references workspaces(id) on delete cascade,
      lost_kind text not null default 'noPurchaseFor' check (lost_kind in ('subscriptionEnded', 'noPurchaseFor')),
      lost_days integer not null default 180 check (lost_days > 0),
      upsell_by text not null default 'category' check (upsell_by in ('product', 'category')),
      core_actions text[] not null default '{}',
      clv_annual_revenue numeric,
      clv_relationship_years numeric,
      clv_cac numeric,
      clv_horizon_months integer not null default 12,
      clv_monthly_discount_rate double precision not null default 0.01,
      updated_at timestamptz not null default now()
    );

    create table clv_fits (
      workspace_id uuid not null references workspaces(id) on delete cascade,
      id uuid not null,
      calibration_end date not null,
      unit text not null,
      horizon_months integer not null,
      monthly_discount_rate double precision not null,
      purchases jsonb,
      spend jsonb,
      totals jsonb not null,
      created_at timestamptz not null default now(),
      primary key (workspace_id, id)
    );

    create table clv_predictions (
      workspace_id uuid not null,
      fit_id uuid not null,
      customer_id uuid not null,
      frequency integer not null,
      recency double precision not null,
      age double precision not null,
      monetary double precision,
      probability_alive double precision,
      expected_purchases double precision,
      expected_spend double precision,
      clv double precision,
      primary key (workspace_id, fit_id, customer_id),
      foreign key (workspace_id, fit_id) references clv_fits(workspace_id, id) on delete cascade,
      foreign key (workspace_id, customer_id) references customers(workspace_id, id) on delete cascade
    );
    create index clv_predictions_value on clv_predictions (workspace_id, fit_id, clv desc nulls last, customer_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table clv_predictions; drop table clv_fits; drop table business_settings; drop table import_rows;
    drop table usage_events; drop table costs; drop table subscriptions; drop table orders;
    drop index customers_acquired;
    alter table customers drop column acquired_at, drop column acquisition_channel, drop column referred_by;
  `.execute(db);
}
