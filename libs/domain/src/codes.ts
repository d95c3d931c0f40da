/**
 * The code lists of the REST contract and of the domain's own decisions. These
 * strings are stored in events: renaming one strands every stored event that uses it.
 */

export const PROVINCES = [
  'punjab',
  'sindh',
  'khyber-pakhtunkhwa',
  'balochistan',
  'islamabad-capital-territory',
  'gilgit-baltistan',
  'azad-jammu-kashmir',
] as const;
export type Province = (typeof PROVINCES)[number];

export const AGENCY_TYPES = [
  'fia',
  'police',
  'social-welfare',
  'child-protection',
  'ngo',
  'shelter',
  'oversight',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export const IDENTIFICATION_SOURCES = [
  'airport-interception',
  'border-interception',
  'raid',
  'hotline',
  'self-referral',
  'ngo-outreach',
  'police-complaint',
  'other',
] as const;
export type IdentificationSource = (typeof IDENTIFICATION_SOURCES)[number];

export const CRIME_TYPES = ['tip', 'som', 'tip-and-som', 'undetermined'] as const;
export type CrimeType = (typeof CRIME_TYPES)[number];

export const TRAFFICKING_STATUSES = ['unassessed', 'possible', 'actual', 'not-a-victim'] as const;
export type TraffickingStatus = (typeof TRAFFICKING_STATUSES)[number];

export const SEXES = ['female', 'male', 'transgender', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

export const AGE_GROUPS = ['child', 'adult', 'unknown'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

export const EXPLOITATION_TYPES = [
  'sexual-exploitation',
  'forced-labour',
  'bonded-labour',
  'domestic-servitude',
  'forced-begging',
  'forced-marriage',
  'organ-removal',
  'child-labour',
  'forced-criminality',
  'other',
] as const;
export type ExploitationType = (typeof EXPLOITATION_TYPES)[number];

export const SERVICES = [
  'shelter',
  'medical',
  'psychosocial',
  'legal-aid',
  'interpretation',
  'repatriation',
  'reintegration',
  'witness-protection',
  'family-tracing',
  'education-vocational',
] as const;
export type Service = (typeof SERVICES)[number];

export const REFERRAL_STATUSES = [
  'requested',
  'acknowledged',
  'accepted',
  'declined',
  'completed',
  'withdrawn',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const URGENCIES = ['emergency', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const DECLINE_REASONS = [
  'no-capacity',
  'not-eligible',
  'service-unavailable',
  'victim-refused',
  'other',
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const REFERRAL_OUTCOMES = ['successful', 'not-successful'] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export const CLOSURE_REASONS = [
  'reintegrated',
  'repatriated',
  'transferred-out',
  'lost-contact',
  'not-a-victim',
  'deceased',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const CONSENT_DECISIONS = ['given', 'refused', 'withdrawn'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

export const CONSENT_SCOPES = ['share-with-agency', 'services'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

export const CONSENT_GIVERS = ['victim', 'guardian'] as const;
export type ConsentGiver = (typeof CONSENT_GIVERS)[number];

export const CONSENT_METHODS = ['written', 'verbal'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const TRANSFER_STATUSES = ['requested', 'accepted', 'declined'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const ASSISTANCE_DECISIONS = ['granted', 'denied', 'deferred'] as const;
export type AssistanceDecision = (typeof ASSISTANCE_DECISIONS)[number];

export const PROTECTION_MEASURES = [
  'shelter-placement',
  'police-protection',
  'witness-protection',
] as const;
export type ProtectionMeasure = (typeof PROTECTION_MEASURES)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ROLES = ['officer', 'supervisor', 'auditor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The service's own operators: the bootstrap administrator's agency. Its admins run the whole
 * service; any other agency's admin administers that agency only.
 */
export const SYSTEM_AGENCY_ID = 'system';

export function isCode<T extends string>(codes: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (codes as readonly string[]).includes(value);
}
