import { Inject, Injectable } from '@nestjs/common';
import { Queryable, rowSource, RowColumns, settledAll, SQL_CLIENT, SqlClient } from '@app/database';
import { caseIdOfStream, upcast } from '@app/domain';
import {
  EVENT_STORE,
  EventStore,
  Fold,
  FoldedProjection,
  RecordedEvent,
  SubscriptionRunner,
} from '@app/event-store';
import {
  Closure,
  foldStatistics,
  StatCase,
  StatisticsOfCase,
  StatReferral,
} from './statistics-fold';

/** Permanent: a new name rebuilds the statistics from position zero. */
export const STATISTICS_SUBSCRIPTION = 'statistics.v1';

/** The tables the projection owns, which a rebuild fills anew (copies swapped in). */
export const STATISTICS_TABLES = [
  'stat_cases',
  'stat_referrals',
  'stat_case_exploitation',
  'stat_referral_services',
];

/**
 * Keeps the statistics tables from the log (a FoldedProjection): the cases and referrals a page
 * touches are read, the events folded (foldStatistics), and the rows written back with their
 * agencies' types. An event is applied once: its version is checked.
 */
@Injectable()
export class StatisticsProjection extends FoldedProjection<StatisticsOfCase> {
  constructor(@Inject(SQL_CLIENT) sql: SqlClient) {
    super(sql, STATISTICS_FOLD);
  }

  handle(event: RecordedEvent): Promise<void> {
    return this.handleBatch([event]);
  }
}

const STATISTICS_FOLD: Fold<StatisticsOfCase> = {
  keyOf: (event) => caseIdOfStream(event.streamId),
  load,
  apply(model, event) {
    if (event.version <= (model?.case?.version ?? 0)) return null;
    const next = model ?? { case: null, referrals: new Map(), changed: new Set<string>() };
    foldStatistics(next, upcast(event.type, event.data), event.version);
    return next;
  },
  async save(tx, models, replaying) {
    const cases = models.flatMap((model) => (model.case ? [model.case] : []));
    const referrals = models.flatMap((model) =>
      [...model.changed].map((id) => model.referrals.get(id)!),
    );
    await saveCases(tx, cases, replaying);
    await saveReferrals(tx, referrals, replaying);
    // A replay derives the per-value rows of them all at its end (replayed, below).
    if (replaying) return;
    await derivePerValueRows(
      tx,
      CASE_EXPLOITATION,
      cases.map((c) => c.caseId),
    );
    await derivePerValueRows(
      tx,
      REFERRAL_SERVICES,
      referrals.map((r) => r.referralId),
    );
  },
  /**
   * The per-value rows of every case and referral: a statement for each table, side by side,
   * without the statement timeout (over millions of rows it may rightly take minutes).
   */
  async replayed(sql) {
    await settledAll(
      [CASE_EXPLOITATION, REFERRAL_SERVICES].map((perValue) =>
        sql.transaction((tx) => derivePerValueRows(tx, perValue, null), { timeouts: false }),
      ),
    );
  },
};

/**
 * The rows of `stat_case_exploitation` and `stat_referral_services` (migration statistics/0003),
 * derived in SQL from `stat_cases` and `stat_referrals` so that the two never disagree: one per
 * distinct form of exploitation of a case and per service of a referral.
 */
interface PerValueTable {
  table: string;
  /** The id its rows belong to, in the table and in the SELECT below. */
  id: string;
  idInRows: string;
  /** Its rows, derived from the base table; ends in a WHERE that may be narrowed with AND. */
  rows: string;
}

const CASE_EXPLOITATION: PerValueTable = {
  table: 'stat_case_exploitation',
  id: 'case_id',
  idInRows: 'c.case_id',
  // counts_case: the one row of each case its total counts (migration statistics/0010).
  rows: `(case_id, exploitation_type, identified_on, crime_type, trafficking_status, sex,
       age_group, citizenship, province, district, identification_source, lead_agency_type,
       counts_case)
     SELECT DISTINCT c.case_id, e.t, c.identified_on, c.crime_type, c.trafficking_status, c.sex,
            c.age_group, c.citizenship, c.province, c.district, c.identification_source,
            c.lead_agency_type,
            e.t = (SELECT min(x COLLATE "C") FROM unnest(c.exploitation_types) AS x)
       FROM stat_cases c CROSS JOIN LATERAL unnest(c.exploitation_types) AS e(t)
      WHERE e.t IS NOT NULL`,
};

const REFERRAL_SERVICES: PerValueTable = {
  table: 'stat_referral_services',
  id: 'referral_id',
  idInRows: 'r.referral_id',
  rows: `(referral_id, service, to_agency_id, to_agency_type, from_agency_type, urgency,
       province, requested_on, acknowledged_at, decided_at, withdrawn_at, decline_reason,
       outcome, overdue, seconds_to_acknowledge, seconds_to_decision)
     SELECT DISTINCT r.referral_id, s.service, r.to_agency_id, r.to_agency_type,
            r.from_agency_type, r.urgency, r.province, r.requested_on, r.acknowledged_at,
            r.decided_at, r.withdrawn_at, r.decline_reason, r.outcome, r.overdue,
            r.seconds_to_acknowledge, r.seconds_to_decision
       FROM stat_referrals r CROSS JOIN LATERAL unnest(r.services) AS s(service)
      WHERE s.service IS NOT NULL`,
};

/** The rows of these ids (`null`: of all) deleted and derived again from the base table. */
async function derivePerValueRows(
  tx: Queryable,
  { table, id, idInRows, rows }: PerValueTable,
  ids: string[] | null,
): Promise<void> {
  if (ids === null) {
    await tx.query(`DELETE FROM ${table}`);
    await tx.query(`INSERT INTO ${table} ${rows}`);
    return;
  }
  if (ids.length === 0) return;
  await tx.query(`DELETE FROM ${table} WHERE ${id} = ANY($1::uuid[])`, [ids]);
  await tx.query(`INSERT INTO ${table} ${rows} AND ${idInRows} = ANY($1::uuid[])`, [ids]);
}

@Injectable()
export class StatisticsRunner extends SubscriptionRunner {
  constructor(@Inject(EVENT_STORE) store: EventStore, projection: StatisticsProjection) {
    super(store, STATISTICS_SUBSCRIPTION, projection);
  }
}

interface CaseRow {
  case_id: string;
  version: number;
  identified_at: Date;
  opened_at: Date;
  closed_at: Date | null;
  closure_reason: string | null;
  status: 'open' | 'closed';
  crime_type: string;
  trafficking_status: string;
  sex: string;
  age_group: string;
  citizenship: string;
  province: string;
  district: string;
  identification_source: string;
  lead_agency_id: string;
  exploitation_types: string[];
  closures: Closure[];
}

interface ReferralRow {
  referral_id: string;
  case_id: string;
  from_agency_id: string;
  to_agency_id: string;
  services: string[];
  urgency: string;
  province: string;
  requested_at: Date;
  acknowledged_at: Date | null;
  decided_at: Date | null;
  completed_at: Date | null;
  withdrawn_at: Date | null;
  status: string;
  decline_reason: string | null;
  outcome: string | null;
  services_delivered: string[];
  overdue: boolean;
}

/** The rows of saveCases and saveReferrals as their INSERTs read them. */
const CASE_SOURCE_COLUMNS: RowColumns = [
  ['case_id', 'uuid'],
  ['version', 'integer'],
  ['identified_at', 'timestamptz'],
  ['opened_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['closure_reason', 'text'],
  ['status', 'text'],
  ['crime_type', 'text'],
  ['trafficking_status', 'text'],
  ['sex', 'text'],
  ['age_group', 'text'],
  ['citizenship', 'text'],
  ['province', 'text'],
  ['district', 'text'],
  ['identification_source', 'text'],
  ['lead_agency_id', 'text'],
  ['exploitation_types', 'json'],
  ['closures', 'json'],
  ['reopened', 'boolean'],
];

const REFERRAL_SOURCE_COLUMNS: RowColumns = [
  ['referral_id', 'uuid'],
  ['case_id', 'uuid'],
  ['from_agency_id', 'text'],
  ['to_agency_id', 'text'],
  ['services', 'json'],
  ['urgency', 'text'],
  ['province', 'text'],
  ['requested_at', 'timestamptz'],
  ['acknowledged_at', 'timestamptz'],
  ['decided_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['withdrawn_at', 'timestamptz'],
  ['status', 'text'],
  ['decline_reason', 'text'],
  ['outcome', 'text'],
  ['services_delivered', 'json'],
  ['overdue', 'boolean'],
];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function load(
  tx: Queryable,
  caseIds: string[],
  forUpdate: boolean,
): Promise<Map<string, StatisticsOfCase>> {
  const [cases, referrals] = await Promise.all([
    tx.query<CaseRow>(
      `SELECT case_id::text AS case_id, version, identified_at, opened_at, closed_at, closure_reason,
              status, crime_type, trafficking_status, sex, age_group, citizenship, province,
              district, identification_source, lead_agency_id, exploitation_types, closures
         FROM stat_cases WHERE case_id = ANY($1::uuid[]) ${forUpdate ? 'FOR UPDATE' : ''}`,
      [caseIds],
    ),
    tx.query<ReferralRow>(
      `SELECT referral_id::text AS referral_id, case_id::text AS case_id, from_agency_id,
              to_agency_id, services, urgency, province, requested_at, acknowledged_at,
              decided_at, completed_at, withdrawn_at, status, decline_reason, outcome,
              services_delivered, overdue
         FROM stat_referrals WHERE case_id = ANY($1::uuid[])`,
      [caseIds],
    ),
  ]);
  const models = new Map<string, StatisticsOfCase>();
  for (const row of cases.rows) {
    models.set(row.case_id, {
      case: {
        caseId: row.case_id,
        version: row.version,
        identifiedAt: row.identified_at.toISOString(),
        openedAt: row.opened_at.toISOString(),
        closedAt: iso(row.closed_at),
        closureReason: row.closure_reason,
        status: row.status,
        crimeType: row.crime_type,
        traffickingStatus: row.trafficking_status,
        sex: row.sex,
        ageGroup: row.age_group,
        citizenship: row.citizenship,
        province: row.province,
        district: row.district,
        identificationSource: row.identification_source,
        leadAgencyId: row.lead_agency_id,
        exploitationTypes: row.exploitation_types,
        closures: row.closures,
      },
      referrals: new Map(),
      changed: new Set(),
    });
  }
  for (const row of referrals.rows) {
    models.get(row.case_id)?.referrals.set(row.referral_id, {
      referralId: row.referral_id,
      caseId: row.case_id,
      fromAgencyId: row.from_agency_id,
      toAgencyId: row.to_agency_id,
      services: row.services,
      urgency: row.urgency,
      province: row.province,
      requestedAt: row.requested_at.toISOString(),
      acknowledgedAt: iso(row.acknowledged_at),
      decidedAt: iso(row.decided_at),
      completedAt: iso(row.completed_at),
      withdrawnAt: iso(row.withdrawn_at),
      status: row.status,
      declineReason: row.decline_reason,
      outcome: row.outcome,
      servicesDelivered: row.services_delivered,
      overdue: row.overdue,
    });
  }
  return models;
}

async function saveCases(tx: Queryable, cases: StatCase[], bulk: boolean): Promise<void> {
  if (cases.length === 0) return;
  const source = await rowSource(
    tx,
    'stat_cases',
    CASE_SOURCE_COLUMNS,
    cases.map((c) => ({
      case_id: c.caseId,
      version: c.version,
      identified_at: c.identifiedAt,
      opened_at: c.openedAt,
      closed_at: c.closedAt,
      closure_reason: c.closureReason,
      status: c.status,
      crime_type: c.crimeType,
      trafficking_status: c.traffickingStatus,
      sex: c.sex,
      age_group: c.ageGroup,
      citizenship: c.citizenship,
      province: c.province,
      district: c.district,
      identification_source: c.identificationSource,
      lead_agency_id: c.leadAgencyId,
      exploitation_types: c.exploitationTypes,
      closures: c.closures,
      reopened: c.closures.some((closure) => closure.reopenedAt !== null),
    })),
    { bulk },
  );
  await tx.query(
    `INSERT INTO stat_cases AS c (case_id, version, identified_at, identified_on, opened_at,
       closed_at, closure_reason, status, crime_type, trafficking_status, sex, age_group,
       citizenship, province, district, identification_source, lead_agency_id, lead_agency_type,
       exploitation_types, closures, reopened)
     SELECT r.case_id, r.version, r.identified_at, (r.identified_at AT TIME ZONE 'UTC')::date,
            r.opened_at, r.closed_at, r.closure_reason, r.status, r.crime_type,
            r.trafficking_status, r.sex, r.age_group, r.citizenship, r.province, r.district,
            r.identification_source, r.lead_agency_id, a.type,
            ARRAY(SELECT json_array_elements_text(r.exploitation_types)), r.closures, r.reopened
       FROM ${source.from}
       LEFT JOIN agencies a ON a.agency_id = r.lead_agency_id
     ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version,
       identified_at = EXCLUDED.identified_at, identified_on = EXCLUDED.identified_on,
       opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at,
       closure_reason = EXCLUDED.closure_reason, status = EXCLUDED.status,
       crime_type = EXCLUDED.crime_type, trafficking_status = EXCLUDED.trafficking_status,
       sex = EXCLUDED.sex, age_group = EXCLUDED.age_group, citizenship = EXCLUDED.citizenship,
       province = EXCLUDED.province, district = EXCLUDED.district,
       identification_source = EXCLUDED.identification_source,
       lead_agency_id = EXCLUDED.lead_agency_id, lead_agency_type = EXCLUDED.lead_agency_type,
       exploitation_types = EXCLUDED.exploitation_types, closures = EXCLUDED.closures,
       reopened = EXCLUDED.reopened`,
    source.params,
    bulk ? {} : { name: 'statistics.save-cases' },
  );
}

async function saveReferrals(
  tx: Queryable,
  referrals: StatReferral[],
  bulk: boolean,
): Promise<void> {
  if (referrals.length === 0) return;
  const source = await rowSource(
    tx,
    'stat_referrals',
    REFERRAL_SOURCE_COLUMNS,
    referrals.map((r) => ({
      referral_id: r.referralId,
      case_id: r.caseId,
      from_agency_id: r.fromAgencyId,
      to_agency_id: r.toAgencyId,
      services: r.services,
      urgency: r.urgency,
      province: r.province,
      requested_at: r.requestedAt,
      acknowledged_at: r.acknowledgedAt,
      decided_at: r.decidedAt,
      completed_at: r.completedAt,
      withdrawn_at: r.withdrawnAt,
      status: r.status,
      decline_reason: r.declineReason,
      outcome: r.outcome,
      services_delivered: r.servicesDelivered,
      overdue: r.overdue,
    })),
    { bulk },
  );
  await tx.query(
    `INSERT INTO stat_referrals AS x (referral_id, case_id, from_agency_id, from_agency_type,
       to_agency_id, to_agency_type, services, urgency, province, requested_at, requested_on,
       acknowledged_at, decided_at, completed_at, withdrawn_at, status, decline_reason, outcome,
       services_delivered, overdue, seconds_to_acknowledge, seconds_to_decision)
     SELECT r.referral_id, r.case_id, r.from_agency_id, f.type, r.to_agency_id, t.type,
            ARRAY(SELECT json_array_elements_text(r.services)), r.urgency, r.province,
            r.requested_at, (r.requested_at AT TIME ZONE 'UTC')::date, r.acknowledged_at,
            r.decided_at, r.completed_at, r.withdrawn_at, r.status, r.decline_reason, r.outcome,
            ARRAY(SELECT json_array_elements_text(r.services_delivered)),
            r.overdue, stat_seconds(r.acknowledged_at, r.requested_at),
            stat_seconds(r.decided_at, r.requested_at)
       FROM ${source.from}
       LEFT JOIN agencies f ON f.agency_id = r.from_agency_id
       LEFT JOIN agencies t ON t.agency_id = r.to_agency_id
     ON CONFLICT (referral_id) DO UPDATE SET from_agency_type = EXCLUDED.from_agency_type,
       to_agency_type = EXCLUDED.to_agency_type, acknowledged_at = EXCLUDED.acknowledged_at,
       decided_at = EXCLUDED.decided_at, completed_at = EXCLUDED.completed_at,
       withdrawn_at = EXCLUDED.withdrawn_at, status = EXCLUDED.status,
       decline_reason = EXCLUDED.decline_reason, outcome = EXCLUDED.outcome,
       services_delivered = EXCLUDED.services_delivered, overdue = EXCLUDED.overdue,
       seconds_to_acknowledge = EXCLUDED.seconds_to_acknowledge,
       seconds_to_decision = EXCLUDED.seconds_to_decision`,
    source.params,
    bulk ? {} : { name: 'statistics.save-referrals' },
  );
}
