import { Migration } from '@app/database';

/**
 * The statistics projection: per case and per referral only codes, agency ids and types, and
 * times. No personal data and no free text ever enters these tables.
 */
export const STATISTICS_MIGRATIONS: Migration[] = [
  {
    id: 'statistics/0001-projection',
    statements: [
      `CREATE TABLE IF NOT EXISTS stat_cases (
         case_id uuid PRIMARY KEY,
         version integer NOT NULL,
         identified_at timestamptz NOT NULL,
         -- The UTC date of identification: what from/to and month select on.
         identified_on date NOT NULL,
         opened_at timestamptz NOT NULL,
         closed_at timestamptz,
         closure_reason text,
         status text NOT NULL,
         crime_type text NOT NULL,
         trafficking_status text NOT NULL,
         sex text NOT NULL,
         age_group text NOT NULL,
         citizenship text NOT NULL,
         province text NOT NULL,
         district text NOT NULL,
         identification_source text NOT NULL,
         lead_agency_id text NOT NULL,
         lead_agency_type text,
         exploitation_types text[] NOT NULL
       )`,
      `CREATE INDEX IF NOT EXISTS stat_cases_identified ON stat_cases (identified_on)`,
      `CREATE INDEX IF NOT EXISTS stat_cases_opened ON stat_cases (opened_at)`,
      `CREATE TABLE IF NOT EXISTS stat_referrals (
         referral_id uuid PRIMARY KEY,
         case_id uuid NOT NULL,
         from_agency_id text NOT NULL,
         from_agency_type text,
         to_agency_id text NOT NULL,
         to_agency_type text,
         services text[] NOT NULL,
         urgency text NOT NULL,
         province text NOT NULL,
         requested_at timestamptz NOT NULL,
         -- The UTC date of the request: what from/to and month select on.
         requested_on date NOT NULL,
         acknowledged_at timestamptz,
         decided_at timestamptz,
         completed_at timestamptz,
         withdrawn_at timestamptz,
         status text NOT NULL,
         decline_reason text,
         outcome text,
         overdue boolean NOT NULL
       )`,
      `CREATE INDEX IF NOT EXISTS stat_referrals_requested ON stat_referrals (requested_on)`,
      `CREATE INDEX IF NOT EXISTS stat_referrals_case ON stat_referrals (case_id)`,
    ],
  },
  {
    // The hours to acknowledge and to decide, kept with each referral: the quantiles are taken
    // over them, and computing them in every query (numeric arithmetic) cost more than the sort.
    id: 'statistics/0002-referral-hours',
    statements: [
      `ALTER TABLE stat_referrals
         ADD COLUMN IF NOT EXISTS hours_to_acknowledge double precision,
         ADD COLUMN IF NOT EXISTS hours_to_decision double precision`,
      `UPDATE stat_referrals
          SET hours_to_acknowledge = date_part('epoch', acknowledged_at - requested_at) / 3600,
              hours_to_decision = date_part('epoch', decided_at - requested_at) / 3600`,
    ],
  },
  {
    // One row per value of a multi-valued attribute (a case's forms of exploitation, a
    // referral's services) with the codes the statistics group by beside it: a count grouped by
    // that attribute scans these rows instead of unnesting arrays in every query, which cost
    // more than the counting. The codes compare bytewise (COLLATE "C"), as every grouping of
    // the statistics does: the same order whatever the locale, and no sort through it.
    id: 'statistics/0003-flat-exploitation-and-services',
    statements: [
      `CREATE TABLE IF NOT EXISTS stat_case_exploitation (
         case_id uuid NOT NULL,
         exploitation_type text COLLATE "C" NOT NULL,
         identified_on date NOT NULL,
         crime_type text COLLATE "C" NOT NULL,
         trafficking_status text COLLATE "C" NOT NULL,
         sex text COLLATE "C" NOT NULL,
         age_group text COLLATE "C" NOT NULL,
         citizenship text COLLATE "C" NOT NULL,
         province text COLLATE "C" NOT NULL,
         district text COLLATE "C" NOT NULL,
         identification_source text COLLATE "C" NOT NULL,
         lead_agency_type text COLLATE "C"
       )`,
      // No index holds a code: a code is whatever an event said, of any length.
      `CREATE INDEX IF NOT EXISTS stat_case_exploitation_case ON stat_case_exploitation (case_id)`,
      `CREATE INDEX IF NOT EXISTS stat_case_exploitation_identified
         ON stat_case_exploitation (identified_on)`,
      `INSERT INTO stat_case_exploitation
         SELECT DISTINCT c.case_id, e.t, c.identified_on, c.crime_type, c.trafficking_status,
                c.sex, c.age_group, c.citizenship, c.province, c.district,
                c.identification_source, c.lead_agency_type
           FROM stat_cases c CROSS JOIN LATERAL unnest(c.exploitation_types) AS e(t)
          WHERE e.t IS NOT NULL`,
      `CREATE TABLE IF NOT EXISTS stat_referral_services (
         referral_id uuid NOT NULL,
         service text COLLATE "C" NOT NULL,
         to_agency_id text COLLATE "C" NOT NULL,
         to_agency_type text COLLATE "C",
         from_agency_type text COLLATE "C",
         urgency text COLLATE "C" NOT NULL,
         province text COLLATE "C" NOT NULL,
         requested_on date NOT NULL,
         acknowledged_at timestamptz,
         decided_at timestamptz,
         withdrawn_at timestamptz,
         decline_reason text COLLATE "C",
         outcome text COLLATE "C",
         overdue boolean NOT NULL,
         hours_to_acknowledge double precision,
         hours_to_decision double precision
       )`,
      `CREATE INDEX IF NOT EXISTS stat_referral_services_referral
         ON stat_referral_services (referral_id)`,
      `CREATE INDEX IF NOT EXISTS stat_referral_services_requested
         ON stat_referral_services (requested_on)`,
      `INSERT INTO stat_referral_services
         SELECT DISTINCT r.referral_id, s.service, r.to_agency_id, r.to_agency_type,
                r.from_agency_type, r.urgency, r.province, r.requested_on, r.acknowledged_at,
                r.decided_at, r.withdrawn_at, r.decline_reason, r.outcome, r.overdue,
                r.hours_to_acknowledge, r.hours_to_decision
           FROM stat_referrals r CROSS JOIN LATERAL unnest(r.services) AS s(service)
          WHERE s.service IS NOT NULL`,
      // Planned for the rows just copied, not for empty tables.
      `ANALYZE stat_case_exploitation`,
      `ANALYZE stat_referral_services`,
    ],
  },
  {
    // array_agg as an aggregate PostgreSQL can run in parallel: each worker gathers the values
    // of its share of the rows, and the leader joins the workers' arrays (array_agg itself runs
    // in parallel only from PostgreSQL 16). The order of the values gathered is not kept: the
    // statistics sort or count what they gather.
    id: 'statistics/0004-parallel-gather',
    statements: [
      `CREATE OR REPLACE AGGREGATE stat_gather(anycompatible) (
         SFUNC = array_append,
         STYPE = anycompatiblearray,
         COMBINEFUNC = array_cat,
         PARALLEL = SAFE
       )`,
    ],
  },
  {
    // Every closure of a case, with its reopening: a case closed in March and reopened in May
    // was closed in March, and not open at the end of it. The last closure alone (closed_at)
    // forgot it on reopening. What was kept before is folded again from the log (0008).
    id: 'statistics/0005-closure-history',
    statements: [
      `ALTER TABLE stat_cases ADD COLUMN IF NOT EXISTS closures json NOT NULL DEFAULT '[]'`,
      `UPDATE stat_cases
          SET closures = json_build_array(json_build_object(
                'closedAt', closed_at, 'reason', closure_reason, 'reopenedAt', NULL))
        WHERE closed_at IS NOT NULL`,
    ],
  },
  {
    // What a completed referral delivered, as its receiving agency recorded it: the services a
    // victim received, which the research export reports (requested is not received).
    id: 'statistics/0006-services-delivered',
    statements: [
      `ALTER TABLE stat_referrals
         ADD COLUMN IF NOT EXISTS services_delivered text[] NOT NULL DEFAULT '{}'`,
    ],
  },
  {
    // Whether a case was ever reopened: only those need their closures read (json, parsed per
    // row); for the others the last closure (closed_at) is the whole history.
    id: 'statistics/0007-reopened',
    statements: [
      `ALTER TABLE stat_cases ADD COLUMN IF NOT EXISTS reopened boolean NOT NULL DEFAULT false`,
      `UPDATE stat_cases SET reopened = true
        WHERE EXISTS (SELECT 1 FROM json_array_elements(closures) AS c(closure)
                       WHERE c.closure->>'reopenedAt' IS NOT NULL)`,
    ],
  },
  {
    // The closures (0005), reopenings (0007) and services delivered (0006) of what was kept
    // before them are in the log only: the statistics are folded again from position zero, as
    // the subscriber finds no checkpoint (its figures fill up again meanwhile).
    // (A database with the statistics alone, as some tests make, has no checkpoints table.)
    id: 'statistics/0008-fold-again',
    statements: [
      `TRUNCATE stat_cases, stat_referrals, stat_case_exploitation, stat_referral_services`,
      `DO $$ BEGIN
         IF to_regclass('subscription_checkpoints') IS NOT NULL THEN
           DELETE FROM subscription_checkpoints WHERE name = 'statistics.v1';
         END IF;
       END $$`,
    ],
  },
  {
    // The median and 90th percentile of the time to acknowledge and to decide are taken over
    // whole seconds (int4) instead of decimal hours: a group's seconds are gathered and sorted
    // by intarray's sort_asc (C, in place), and the quantiles read off the sorted array at their
    // ranks, where sorting decimal hours cost a row and a sort per value (unnest and
    // percentile_cont), about a third of the referrals query. A second is 1/36 of the hundredth
    // of an hour the statistics publish. intarray is a contrib extension marked trusted (any
    // role that may create in the database may install it); it is installed in a schema of its
    // own unless already there, so that its operators never replace the built-in ones on
    // int4[] elsewhere, and reached through stat_sorted only. The hours columns are left as
    // they were, read by nothing now, so that a replica still on the previous version keeps
    // writing and answering during a rolling upgrade (a rebuild once none is left fills the
    // seconds of what it wrote meanwhile). The backfill rewrites both tables once, under lock.
    id: 'statistics/0009-quantiles-over-seconds',
    statements: [
      `DO $$
       DECLARE home text;
       BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'intarray') THEN
           CREATE SCHEMA IF NOT EXISTS stat_intarray;
           CREATE EXTENSION intarray SCHEMA stat_intarray;
         END IF;
         SELECT n.nspname INTO home
           FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
          WHERE e.extname = 'intarray';
         EXECUTE format(
           'CREATE OR REPLACE FUNCTION stat_sorted(int4[]) RETURNS int4[]
              LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
           format('SELECT %I.sort_asc($1)', home));
       END $$`,
      // Whole seconds between two times, rounded (half away from zero), held to int4's range
      // (68 years either way); NULL when either is NULL (STRICT: greatest and least would pass
      // over it) or infinite (which PostgreSQL before 17 cannot subtract). An event's times are
      // whatever it recorded, and no value may stop the projection.
      `CREATE OR REPLACE FUNCTION stat_seconds(later timestamptz, earlier timestamptz)
         RETURNS int4 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
         AS $$ SELECT CASE WHEN isfinite(later) AND isfinite(earlier) THEN
                least(greatest(round(extract(epoch FROM later - earlier)), -2147483647),
                      2147483647)::int4 END $$`,
      // percentile_cont over a sorted array of seconds, in hours: the value at rank
      // 1 + q × (n − 1), interpolated linearly between the ranks either side, as
      // percentile_cont computes it. NULL for an empty or NULL array.
      `CREATE OR REPLACE FUNCTION stat_quantile_hours(sorted int4[], q float8)
         RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT CASE WHEN cardinality(sorted) > 0 THEN
                (sorted[1 + floor(q * (cardinality(sorted) - 1))::int]::float8
                 + (sorted[1 + ceil(q * (cardinality(sorted) - 1))::int]::float8
                    - sorted[1 + floor(q * (cardinality(sorted) - 1))::int]::float8)
                   * (q * (cardinality(sorted) - 1) - floor(q * (cardinality(sorted) - 1))))
                / 3600 END $$`,
      `ALTER TABLE stat_referrals
         ADD COLUMN IF NOT EXISTS seconds_to_acknowledge int4,
         ADD COLUMN IF NOT EXISTS seconds_to_decision int4`,
      `UPDATE stat_referrals
          SET seconds_to_acknowledge = stat_seconds(acknowledged_at, requested_at),
              seconds_to_decision = stat_seconds(decided_at, requested_at)`,
      `ALTER TABLE stat_referral_services
         ADD COLUMN IF NOT EXISTS seconds_to_acknowledge int4,
         ADD COLUMN IF NOT EXISTS seconds_to_decision int4`,
      `UPDATE stat_referral_services s
          SET seconds_to_acknowledge = r.seconds_to_acknowledge,
              seconds_to_decision = r.seconds_to_decision
         FROM stat_referrals r
        WHERE r.referral_id = s.referral_id`,
    ],
  },
  {
    // Victims grouped by form of exploitation count each victim once in each of hers; their
    // total, once. It was a second scan, of stat_cases; now the grouping's own scan counts the
    // one row of each case marked `counts_case` (the row of its first form of exploitation,
    // bytewise), and only the cases with none, which have no row here, are counted from
    // stat_cases, through a partial index of them alone.
    id: 'statistics/0010-victims-counted-once-in-the-scan',
    statements: [
      `ALTER TABLE stat_case_exploitation
         ADD COLUMN IF NOT EXISTS counts_case boolean NOT NULL DEFAULT false`,
      `UPDATE stat_case_exploitation e
          SET counts_case = (e.exploitation_type = f.first)
         FROM (SELECT c.case_id, min(t COLLATE "C") AS first
                 FROM stat_cases c CROSS JOIN LATERAL unnest(c.exploitation_types) AS t
                GROUP BY c.case_id) f
        WHERE f.case_id = e.case_id`,
      `CREATE INDEX IF NOT EXISTS stat_cases_without_exploitation ON stat_cases (identified_on)
        WHERE cardinality(array_remove(exploitation_types, NULL)) = 0`,
    ],
  },
];
