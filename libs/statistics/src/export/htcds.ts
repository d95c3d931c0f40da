import { Queryable } from '@app/database';
import { kAnonymise, MicrodataRow } from '../disclosure/k-anonymity';
import { Period } from '../queries/period';

/**
 * Our codes as the Human Trafficking Case Data Standard 2.0 picklists name them (README: the
 * mapping, and where ours has no equivalent). A code of ours with none exports as empty.
 */
export const HTCDS_GENDER: Readonly<Record<string, string>> = {
  female: 'Feminine',
  male: 'Masculine',
  // HTCDS tells TransgenderFeminine from TransgenderMasculine; we record neither.
  transgender: 'NonConforming',
  unknown: 'NonSpecifiedUnknown',
};

export const HTCDS_TRAFFICKING_STATUS: Readonly<Record<string, string>> = {
  possible: 'PossibleVictimOfTrafficking',
  actual: 'ActualVictimOfTrafficking',
  'not-a-victim': 'NotAVictimOfTrafficking',
};

/** HTCDS has four values (ForcedLabour, SexualExploitation, Both, Other); ours are finer. */
export const HTCDS_EXPLOITATION: Readonly<Record<string, string>> = {
  'sexual-exploitation': 'SexualExploitation',
  // Forms of forced labour as the ILO counts them.
  'forced-labour': 'ForcedLabour',
  'bonded-labour': 'ForcedLabour',
  'domestic-servitude': 'ForcedLabour',
  'forced-begging': 'ForcedLabour',
  'forced-criminality': 'ForcedLabour',
  'child-labour': 'Other',
  'forced-marriage': 'Other',
  'organ-removal': 'Other',
  other: 'Other',
};

/** The HTCDS type of exploitation of a case's types: `Both` for forced labour and sexual. */
export function htcdsExploitation(types: readonly string[]): string {
  const values = new Set(types.map((type) => HTCDS_EXPLOITATION[type] ?? 'Other'));
  if (values.has('ForcedLabour') && values.has('SexualExploitation')) {
    values.delete('ForcedLabour');
    values.delete('SexualExploitation');
    values.add('Both');
  }
  return [...values].sort().join(';');
}

export const AGE_BAND: Readonly<Record<string, string>> = {
  child: 'Minor',
  adult: 'Adult',
  unknown: 'Unknown',
};

/** The export's columns, in order. `sr_` columns are ours, with no HTCDS equivalent. */
export const HTCDS_COLUMNS = [
  'cas_Status',
  'prs_Gender',
  'sr_AgeBand',
  'prs_Citizenship',
  'vic_TraffickingStatus',
  'vic_TypeOfExploitation',
  'sr_ExploitationType',
  'sr_CrimeType',
  'sr_IdentificationSource',
  'sr_Province',
  'sr_District',
  'sr_InternalOrInternational',
  'sr_LeadAgencyType',
  'cas_OutgoingReferralCount',
  'cas_ReferredOrganisationType',
  'sr_ReferralOutcomes',
  'sr_ServicesReceived',
  'sr_Registered',
] as const;

interface CaseRow {
  status: string;
  closure_reason: string | null;
  sex: string;
  age_group: string;
  citizenship: string;
  trafficking_status: string;
  exploitation_types: string[];
  crime_type: string;
  identification_source: string;
  province: string;
  district: string;
  lead_agency_type: string | null;
  month: string;
  referrals: number;
  referred_types: string[] | null;
  outcomes: string[] | null;
  services: string[] | null;
}

export interface HtcdsExport {
  /** The period exported: whole months, the asked-for days widened to them. */
  period: { from: string | null; to: string | null };
  rows: Array<Record<(typeof HTCDS_COLUMNS)[number], string | number | null>>;
  k: number;
  generalised: { district: string; month: string; citizenship: string };
  suppressedRows: number;
}

interface Microdata extends MicrodataRow {
  row: CaseRow;
}

const joined = (values: string[] | null | undefined) => [...new Set(values ?? [])].sort().join(';');

/**
 * One de-identified row per case identified in the period: codes only but the district (typed
 * free text, a quasi-identifier), no personal data, no exact dates (the month of identification,
 * or its quarter or year when generalised), and k-anonymous over gender, age band, citizenship,
 * province and district, and month (kAnonymise). The period is
 * widened to whole months, and the rows are in the order of what they say: a day's cases cannot
 * be told apart by asking for that day, or by comparing periods a day apart, or by their order.
 */
export async function htcdsExport(db: Queryable, asked: Period, k: number): Promise<HtcdsExport> {
  const period = wholeMonths(asked);
  const { rows } = await db.query<CaseRow>(
    `SELECT c.status, c.closure_reason, c.sex, c.age_group, c.citizenship, c.trafficking_status,
            c.exploitation_types, c.crime_type, c.identification_source, c.province, c.district,
            c.lead_agency_type, to_char(c.identified_on, 'YYYY-MM') AS month,
            count(DISTINCT r.referral_id)::int AS referrals,
            array_agg(DISTINCT coalesce(r.to_agency_type, 'unknown')) FILTER (WHERE r.referral_id IS NOT NULL) AS referred_types,
            array_agg(DISTINCT r.status) FILTER (WHERE r.referral_id IS NOT NULL) AS outcomes,
            array_agg(DISTINCT s.service) FILTER (WHERE s.service IS NOT NULL) AS services
       FROM stat_cases c
       LEFT JOIN stat_referrals r ON r.case_id = c.case_id
       -- Received: what completed referrals delivered, and what accepted ones are giving.
       LEFT JOIN LATERAL unnest(CASE r.status WHEN 'completed' THEN r.services_delivered
                                              WHEN 'accepted' THEN r.services END) AS s(service) ON true
      WHERE ($1::date IS NULL OR c.identified_on >= $1) AND ($2::date IS NULL OR c.identified_on <= $2)
      GROUP BY c.case_id`,
    [period.from, period.to],
  );
  const microdata: Microdata[] = rows.map((row) => ({
    gender: row.sex,
    ageGroup: row.age_group,
    citizenship: row.citizenship,
    province: row.province,
    district: row.district,
    month: row.month,
    row,
  }));
  const anonymised = kAnonymise(microdata, k);
  const exported = anonymised.rows.map((m): HtcdsExport['rows'][number] => ({
    cas_Status:
      m.row.status === 'open'
        ? 'Active'
        : m.row.closure_reason === 'transferred-out'
          ? 'ClosedReferred'
          : 'Closed',
    prs_Gender: HTCDS_GENDER[m.gender] ?? 'NonSpecifiedUnknown',
    sr_AgeBand: AGE_BAND[m.ageGroup] ?? 'Unknown',
    prs_Citizenship: m.citizenship,
    vic_TraffickingStatus: HTCDS_TRAFFICKING_STATUS[m.row.trafficking_status] ?? null,
    vic_TypeOfExploitation: htcdsExploitation(m.row.exploitation_types),
    sr_ExploitationType: joined(m.row.exploitation_types),
    sr_CrimeType: m.row.crime_type,
    sr_IdentificationSource: m.row.identification_source,
    sr_Province: m.province,
    sr_District: m.district,
    // From the citizenship as recorded, before any generalisation: all identifications are
    // made in Pakistan, so a citizen of Pakistan is an internal case.
    sr_InternalOrInternational: m.row.citizenship === 'PK' ? 'Internal' : 'International',
    sr_LeadAgencyType: m.row.lead_agency_type ?? 'unknown',
    cas_OutgoingReferralCount: m.row.referrals,
    cas_ReferredOrganisationType: joined(m.row.referred_types),
    sr_ReferralOutcomes: joined(m.row.outcomes),
    sr_ServicesReceived: joined(m.row.services),
    sr_Registered: m.month,
  }));
  // By what the rows say, column by column (never by when the case was registered).
  const text = (row: HtcdsExport['rows'][number]) =>
    HTCDS_COLUMNS.map((column) => String(row[column] ?? '')).join('\u0000');
  const sorted = exported
    .map((row) => ({ row, text: text(row) }))
    .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .map(({ row }) => row);
  return {
    period,
    k,
    generalised: anonymised.generalised,
    suppressedRows: anonymised.suppressedRows,
    rows: sorted,
  };
}

/** The period widened to whole months: from the first of `from`'s month to the last of `to`'s. */
export function wholeMonths(period: Period): Period {
  const lastDay = (day: string) => {
    const [year, month] = day.split('-').map(Number);
    return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  };
  return {
    from: period.from === null ? null : `${period.from.slice(0, 7)}-01`,
    to: period.to === null ? null : lastDay(period.to),
  };
}
