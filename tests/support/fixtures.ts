/**
 * The one home of what tests and benchmarks send: the cast of agencies they register, and the
 * request bodies of the commands they run. Nothing here imports the app, so the benchmark's load
 * generator can use it too.
 */

export interface CastAgency {
  agencyId: string;
  name?: string;
  type: string;
  province: string;
  services: string[];
  notification?: { webhookUrl: string; secret: string };
}

/** Agencies of the National Referral Mechanism, as the suites know them. */
export const CAST = {
  childProtectionLahore: {
    agencyId: 'child-protection-lahore',
    type: 'child-protection',
    province: 'punjab',
    services: [],
  },
  darUlAmanLahore: {
    agencyId: 'dar-ul-aman-lahore',
    type: 'shelter',
    province: 'punjab',
    services: ['shelter', 'medical'],
  },
  darUlAmanMultan: {
    agencyId: 'dar-ul-aman-multan',
    type: 'shelter',
    province: 'punjab',
    services: ['shelter'],
  },
  fiaAhtcLahore: { agencyId: 'fia-ahtc-lahore', type: 'fia', province: 'punjab', services: [] },
  fiaIslamabad: {
    agencyId: 'fia-islamabad',
    type: 'fia',
    province: 'islamabad-capital-territory',
    services: [],
  },
  fiaIslamabadZone: {
    agencyId: 'fia-islamabad-zone',
    type: 'fia',
    province: 'islamabad-capital-territory',
    services: [],
  },
  fiaKarachi: { agencyId: 'fia-karachi', type: 'fia', province: 'sindh', services: [] },
  fiaLahore: { agencyId: 'fia-lahore', type: 'fia', province: 'punjab', services: [] },
  fiaPeshawar: {
    agencyId: 'fia-peshawar',
    type: 'fia',
    province: 'khyber-pakhtunkhwa',
    services: [],
  },
  fiaPeshawarCircle: {
    agencyId: 'fia-peshawar-circle',
    type: 'fia',
    province: 'khyber-pakhtunkhwa',
    services: [],
  },
  fiaQuetta: { agencyId: 'fia-quetta', type: 'fia', province: 'balochistan', services: [] },
  monitoringCell: {
    agencyId: 'monitoring-cell',
    type: 'oversight',
    province: 'islamabad-capital-territory',
    services: [],
  },
  ngoLegalHelp: { agencyId: 'ngo-legal-help', type: 'ngo', province: 'punjab', services: [] },
  ngoQuetta: { agencyId: 'ngo-quetta', type: 'ngo', province: 'balochistan', services: [] },
  oversightCell: {
    agencyId: 'oversight-cell',
    type: 'oversight',
    province: 'islamabad-capital-territory',
    services: [],
  },
  policeHyderabad: {
    agencyId: 'police-hyderabad',
    type: 'police',
    province: 'sindh',
    services: [],
  },
  policeQuetta: {
    agencyId: 'police-quetta',
    type: 'police',
    province: 'balochistan',
    services: [],
  },
  shelterKarachi: { agencyId: 'shelter-karachi', type: 'shelter', province: 'sindh', services: [] },
  shelterMardan: {
    agencyId: 'shelter-mardan',
    type: 'shelter',
    province: 'khyber-pakhtunkhwa',
    services: [],
  },
  shelterPeshawar: {
    agencyId: 'shelter-peshawar',
    type: 'shelter',
    province: 'khyber-pakhtunkhwa',
    services: [],
  },
  shelterRawalpindi: {
    agencyId: 'shelter-rawalpindi',
    type: 'shelter',
    province: 'punjab',
    services: [],
  },
  swdKp: {
    agencyId: 'swd-kp',
    type: 'social-welfare',
    province: 'khyber-pakhtunkhwa',
    services: [],
  },
  swdPunjab: { agencyId: 'swd-punjab', type: 'social-welfare', province: 'punjab', services: [] },
} satisfies Record<string, CastAgency>;

export const PERSONAL = {
  fullName: 'Zarmeena Testcase Bibi',
  cnic: '35202-1234567-1',
  phone: '+92 300 1234567',
  address: 'House 7, Street 9, Rawalpindi',
  dateOfBirth: '1999-04-01',
};

/** A case as an identifying agency opens it, with the victim's personal data. */
export const OPEN_CASE_BODY = {
  identifiedAt: '2026-11-20T08:30:00Z',
  identificationSource: 'airport-interception',
  location: { province: 'islamabad-capital-territory', district: 'Islamabad' },
  crimeType: 'tip',
  victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: PERSONAL },
  exploitationTypes: ['forced-labour'],
  indicators: ['documents-withheld'],
};

export const SCREENING = { traffickingStatus: 'possible', indicators: ['documents-withheld'] };

/** The victim's consent to share the case with `agencyId`. */
export const consentBody = (agencyId: string) => ({
  decision: 'given',
  scope: 'share-with-agency',
  agencyId,
  givenBy: 'victim',
  method: 'written',
  interpreterUsed: true,
});

export const referralBody = (toAgencyId: string, overrides: Record<string, unknown> = {}) => ({
  toAgencyId,
  services: ['shelter'],
  urgency: 'routine',
  reason: 'Needs a safe place to stay',
  ...overrides,
});
