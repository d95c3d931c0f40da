'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.ROLES =
  exports.CASE_STATUSES =
  exports.PROTECTION_MEASURES =
  exports.ASSISTANCE_DECISIONS =
  exports.TRANSFER_STATUSES =
  exports.CONSENT_METHODS =
  exports.CONSENT_GIVERS =
  exports.CONSENT_SCOPES =
  exports.CONSENT_DECISIONS =
  exports.CLOSURE_REASONS =
  exports.REFERRAL_OUTCOMES =
  exports.DECLINE_REASONS =
  exports.URGENCIES =
  exports.REFERRAL_STATUSES =
  exports.SERVICES =
  exports.EXPLOITATION_TYPES =
  exports.AGE_GROUPS =
  exports.SEXES =
  exports.TRAFFICKING_STATUSES =
  exports.CRIME_TYPES =
  exports.IDENTIFICATION_SOURCES =
  exports.AGENCY_TYPES =
  exports.PROVINCES =
    void 0;
exports.isCode = isCode;
exports.PROVINCES = [
  'punjab',
  'sindh',
  'khyber-pakhtunkhwa',
  'balochistan',
  'islamabad-capital-territory',
  'gilgit-baltistan',
  'azad-jammu-kashmir',
];
exports.AGENCY_TYPES = [
  'fia',
  'police',
  'social-welfare',
  'child-protection',
  'ngo',
  'shelter',
  'oversight',
];
exports.IDENTIFICATION_SOURCES = [
  'airport-interception',
  'border-interception',
  'raid',
  'hotline',
  'self-referral',
  'ngo-outreach',
  'police-complaint',
  'other',
];
exports.CRIME_TYPES = ['tip', 'som', 'tip-and-som', 'undetermined'];
exports.TRAFFICKING_STATUSES = ['unassessed', 'possible', 'actual', 'not-a-victim'];
exports.SEXES = ['female', 'male', 'transgender', 'unknown'];
exports.AGE_GROUPS = ['child', 'adult', 'unknown'];
exports.EXPLOITATION_TYPES = [
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
];
exports.SERVICES = [
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
];
exports.REFERRAL_STATUSES = [
  'requested',
  'acknowledged',
  'accepted',
  'declined',
  'completed',
  'withdrawn',
];
exports.URGENCIES = ['emergency', 'routine'];
exports.DECLINE_REASONS = [
  'no-capacity',
  'not-eligible',
  'service-unavailable',
  'victim-refused',
  'other',
];
exports.REFERRAL_OUTCOMES = ['successful', 'not-successful'];
exports.CLOSURE_REASONS = [
  'reintegrated',
  'repatriated',
  'transferred-out',
  'lost-contact',
  'not-a-victim',
  'deceased',
  'other',
];
exports.CONSENT_DECISIONS = ['given', 'refused', 'withdrawn'];
exports.CONSENT_SCOPES = ['share-with-agency', 'services'];
exports.CONSENT_GIVERS = ['victim', 'guardian'];
exports.CONSENT_METHODS = ['written', 'verbal'];
exports.TRANSFER_STATUSES = ['requested', 'accepted', 'declined'];
exports.ASSISTANCE_DECISIONS = ['granted', 'denied', 'deferred'];
exports.PROTECTION_MEASURES = ['shelter-placement', 'police-protection', 'witness-protection'];
exports.CASE_STATUSES = ['open', 'closed'];
exports.ROLES = ['officer', 'supervisor', 'auditor', 'admin', 'system'];
function isCode(codes, value) {
  return typeof value === 'string' && codes.includes(value);
}
//# sourceMappingURL=codes.js.map
