/** The parts of the REST API's answers the console reads (the OpenAPI at /docs-json has all). */

export type Role = 'officer' | 'supervisor' | 'auditor' | 'admin';

export interface Me {
  agencyId: string;
  agencyName: string | null;
  agencyType: string | null;
  role: Role;
  keyId: string;
}

export interface Agency {
  agencyId: string;
  name: string;
  type: string;
  province: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CaseSummary {
  caseId: string;
  version: number;
  status: 'open' | 'closed';
  leadAgencyId: string;
  crimeType: string;
  traffickingStatus: string;
  location: { province: string; district: string };
  identificationSource: string;
  identifiedAt: string | null;
  openedAt: string | null;
  updatedAt: string | null;
  personalDataErased: boolean;
}

export interface PersonalData {
  fullName?: string;
  cnic?: string;
  phone?: string;
  address?: string;
  dateOfBirth?: string;
}

export interface CaseReferral {
  referralId: string;
  fromAgencyId: string;
  toAgencyId: string;
  services: string[];
  urgency: string;
  status: string;
  overdue: boolean;
  requestedAt: string;
  acknowledgeBy: string;
  acknowledgedAt?: string;
  decidedAt?: string;
  completedAt?: string;
  outcome?: string;
  declineReason?: string;
}

export interface CaseTransfer {
  transferId: string;
  fromAgencyId: string;
  toAgencyId: string;
  status: string;
  requestedAt: string;
  decidedAt?: string;
}

export interface CaseView {
  caseId: string;
  version: number;
  status: 'open' | 'closed';
  leadAgencyId: string;
  crimeType: string;
  traffickingStatus: string;
  location: { province: string; district: string };
  identificationSource: string;
  identifiedAt: string;
  exploitationTypes: string[];
  indicators: string[];
  victim: {
    sex: string;
    ageGroup: string;
    citizenship: string;
    personal: PersonalData | null;
    personalDataErased: boolean;
    /** Left out on request (?personal=omit) although the caller may see it. */
    personalOmitted?: boolean;
  };
  referrals: CaseReferral[];
  transfers: CaseTransfer[];
  openedAt: string;
  closedAt?: string;
}

export interface PathNotification {
  notificationId: string;
  type: string;
  agencyId: string;
  status: 'delivered' | 'failed' | 'pending';
  attempts: number;
  firstAttemptAt?: string;
  deliveredAt?: string;
  lastStatusCode?: number;
}

export interface ReferralPathItem extends CaseReferral {
  hoursToAcknowledge?: number;
  hoursToDecision?: number;
  overdueRecordedAt?: string;
  notifications: PathNotification[];
}

export interface TransferPathItem extends CaseTransfer {
  hoursToDecision?: number;
  notifications: PathNotification[];
}

export interface ReferralPath {
  caseId: string;
  version: number;
  items: ReferralPathItem[];
  transfers: TransferPathItem[];
}

export interface Integrity {
  valid: boolean;
  eventsChecked: number;
  headHash: string | null;
  firstInvalidVersion?: number;
}

export interface AnchorVerification {
  valid: boolean;
  anchorId: string;
  streamsChecked: number;
  problems: Array<{
    streamId: string;
    problem: 'changed' | 'truncated' | 'missing';
    version?: number;
  }>;
}

export interface AccessLogEntry {
  accessId: string;
  at: string;
  agencyId: string;
  officerId?: string;
  role: string;
  action: string;
  personalDataShown: boolean;
  purpose?: string;
}

export interface VictimStatistics {
  k: number;
  total: number | null;
  items: Array<
    Record<string, string | number | boolean | null> & {
      count: number | null;
      suppressed: boolean;
    }
  >;
}

export interface Quantiles {
  median: number | null;
  p90: number | null;
}

export interface ReferralStatisticsRow {
  [dimension: string]: unknown;
  issued: number | null;
  acknowledged: number | null;
  accepted: number | null;
  declined: number | null;
  completedSuccessful: number | null;
  completedNotSuccessful: number | null;
  withdrawn: number | null;
  overdue: number | null;
  hoursToAcknowledge: Quantiles;
  hoursToDecision: Quantiles;
  suppressed: boolean;
}

export interface ReferralStatistics {
  k: number;
  items: ReferralStatisticsRow[];
}

export const GLOTIP_COLUMNS = ['women', 'girls', 'men', 'boys', 'other', 'total'] as const;

export type GlotipCells = Record<(typeof GLOTIP_COLUMNS)[number], number | null>;

export interface Glotip {
  year: number;
  k: number;
  rows: Array<GlotipCells & { exploitationType: string }>;
  byCitizenship: Array<GlotipCells & { citizenship: string }>;
}
