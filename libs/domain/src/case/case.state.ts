import {
  AgeGroup,
  AssistanceDecision,
  CaseStatus,
  ClosureReason,
  ConsentDecision,
  ConsentGiver,
  ConsentMethod,
  ConsentScope,
  CrimeType,
  DeclineReason,
  ExploitationType,
  IdentificationSource,
  ProtectionMeasure,
  Province,
  ReferralOutcome,
  ReferralStatus,
  Service,
  Sex,
  TraffickingStatus,
  TransferStatus,
  Urgency,
} from '../codes';

/**
 * Personal data encrypted with the case's own key by the caller. The domain only carries it:
 * erasure destroys the key elsewhere, so the envelope never needs to be read here.
 */
export interface SealedPersonalData {
  alg: string;
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

export interface Location {
  province: Province;
  district: string;
}

export interface VictimState {
  sex: Sex;
  ageGroup: AgeGroup;
  citizenship: string;
  treatedAsChild: boolean;
  personal: SealedPersonalData | null;
  personalDataErased: boolean;
}

export interface ConsentState {
  consentId: string;
  decision: ConsentDecision;
  scope: ConsentScope;
  agencyId?: string;
  services?: Service[];
  givenBy: ConsentGiver;
  method: ConsentMethod;
  interpreterUsed: boolean;
  recordedAt: string;
  recordedByAgencyId: string;
}

export interface ConsentOverrideState {
  referralId: string;
  toAgencyId: string;
  justification: string;
  overriddenAt: string;
}

export interface ReferralState {
  referralId: string;
  fromAgencyId: string;
  toAgencyId: string;
  services: Service[];
  urgency: Urgency;
  reason: string;
  status: ReferralStatus;
  /** True only while the referral is still `requested` after its deadline was recorded as passed. */
  overdue: boolean;
  requestedAt: string;
  acknowledgeBy: string;
  consentOverridden: boolean;
  acknowledgedAt?: string;
  /** Kept after the referral moves on, so the escalation stays visible in the referral path. */
  markedOverdueAt?: string;
  decidedAt?: string;
  decisionNote?: string;
  declineReason?: DeclineReason;
  completedAt?: string;
  outcome?: ReferralOutcome;
  reasonNotSuccessful?: string;
  servicesDelivered?: Service[];
  withdrawnAt?: string;
  withdrawalReason?: string;
}

export interface TransferState {
  transferId: string;
  fromAgencyId: string;
  toAgencyId: string;
  reason: string;
  status: TransferStatus;
  requestedAt: string;
  decidedAt?: string;
  acceptReason?: string;
  declineReason?: string;
}

export interface AssistanceDecisionState {
  decisionId: string;
  service: Service;
  decision: AssistanceDecision;
  rationale: string;
  agencyId: string;
  decidedAt: string;
}

export interface ProtectionMeasureState {
  measureId: string;
  measure: ProtectionMeasure;
  decision: AssistanceDecision;
  rationale: string;
  agencyId: string;
  decidedAt: string;
}

export interface ReflectionPeriodState {
  startedAt: string;
  endsAt: string;
}

/** Mirrors GET /v1/cases/{caseId}; `version` is the number of events applied. */
export interface CaseState {
  caseId: string;
  version: number;
  status: CaseStatus;
  leadAgencyId: string;
  crimeType: CrimeType;
  traffickingStatus: TraffickingStatus;
  location: Location;
  identificationSource: IdentificationSource;
  identifiedAt: string;
  exploitationTypes: ExploitationType[];
  indicators: string[];
  victim: VictimState;
  consents: ConsentState[];
  consentOverrides: ConsentOverrideState[];
  referrals: ReferralState[];
  transfers: TransferState[];
  assistanceDecisions: AssistanceDecisionState[];
  protectionMeasures: ProtectionMeasureState[];
  reflectionPeriod: ReflectionPeriodState | null;
  openedAt: string;
  closedAt?: string;
  closureReason?: ClosureReason;
  lastEventAt: string;
}
