import { Queryable } from '@app/database';
import { kAnonymise, MicrodataRow } from '../disclosure/k-anonymity';
import { Period } from '../queries/period';

/** Our codes as the Human Trafficking Case Data Standard 2.0 names them (README: the mapping). */
export const HTCDS_GENDER: Readonly<Record<string, string>> = {
  female: 'Feminine',
  male: 'Masculine',
  transgender: 'TransgenderNonConforming',
  unknown: 'Unknown',
};

export const HTCDS_TRAFFICKING_STATUS: Readonly<Record<string, string>> = {
  possible: 'PossibleVictimOfTrafficking',
  actual: 'VictimOfTrafficking',
  'not-a-victim': 'NotAVictimOfTrafficking',
  unassessed: 'Unassessed',
};

export const HTCDS_EXPLOITATION: Readonly<Record<string, string>> = {
  'sexual-exploitation': 'SexualExploitation',
  'forced-labour': 'ForcedLabour',
  'bonded-labour': 'DebtBondage',
  'domestic-servitude': 'DomesticServitude',
  'forced-begging': 'ForcedBegging',
  'forced-marriage': 'ForcedMarriage',
  'organ-removal': 'OrganRemoval',
  'child-labour': 'ChildLabour',
  'forced-criminality': 'ForcedCriminalActivity',
  other: 'Other',
};

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
 * One de-identified row per case identified in the period: codes only, no personal data, no free
 * text, no exact dates (the month of registration, or its quarter or year when generalised), and
 * k-anonymous over gender, age band, citizenship, province and month (kAnonymise).
 */
export async function htcdsExport(db: Queryable, period: Period, k: number): Promise<HtcdsExport> {
  const { rows } = await db.query<CaseRow>(
    `SELECT c.status, c.closure_reason, c.sex, c.age_group, c.citizenship, c.trafficking_status,
            c.exploitation_types, c.crime_type, c.identification_source, c.province, c.district,
            c.lead_agency_type, to_char(c.identified_on, 'YYYY-MM') AS month,
            count(DISTINCT r.referral_id)::int AS referrals,
            array_agg(DISTINCT coalesce(r.to_agency_type, 'unknown')) FILTER (WHERE r.referral_id IS NOT NULL) AS referred_types,
            array_agg(DISTINCT r.status) FILTER (WHERE r.referral_id IS NOT NULL) AS outcomes,
            array_agg(DISTINCT s.service) FILTER (WHERE r.status IN ('accepted', 'completed')) AS services
       FROM stat_cases c
       LEFT JOIN stat_referrals r ON r.case_id = c.case_id
       LEFT JOIN LATERAL unnest(r.services) AS s(service) ON true
      WHERE ($1::date IS NULL OR c.identified_on >= $1) AND ($2::date IS NULL OR c.identified_on <= $2)
      GROUP BY c.case_id
      ORDER BY c.identified_on, c.case_id`,
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
  return {
    k,
    generalised: anonymised.generalised,
    suppressedRows: anonymised.suppressedRows,
    rows: anonymised.rows.map((m) => ({
      cas_Status:
        m.row.status === 'open'
          ? 'Active'
          : m.row.closure_reason === 'transferred-out'
            ? 'ClosedReferred'
            : 'Closed',
      prs_Gender: HTCDS_GENDER[m.gender] ?? 'Unknown',
      sr_AgeBand: AGE_BAND[m.ageGroup] ?? 'Unknown',
      prs_Citizenship: m.citizenship,
      vic_TraffickingStatus: HTCDS_TRAFFICKING_STATUS[m.row.trafficking_status] ?? 'Unassessed',
      vic_TypeOfExploitation: joined(
        m.row.exploitation_types.map((e) => HTCDS_EXPLOITATION[e] ?? 'Other'),
      ),
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
    })),
  };
}
