import {
  AgeGroup,
  ClosureReason,
  CrimeType,
  DeclineReason,
  ExploitationType,
  IdentificationSource,
  Province,
  Service,
  Sex,
  TraffickingStatus,
} from '@app/domain';
import { agenciesNear, DemoAgency, DEMO_AGENCIES, DISTRICTS } from './agencies';
import { Random } from './random';

/** What the seeder leaves a referral as; `overdue` is left requested with a short deadline. */
export type ReferralOutcome =
  | 'requested'
  | 'overdue'
  | 'acknowledged'
  | 'accepted'
  | 'declined'
  | 'completed-successful'
  | 'completed-not-successful'
  | 'withdrawn';

export type TransferOutcome = 'accepted' | 'declined' | 'pending';

export type StepKind =
  | 'open'
  | 'screen'
  | 'consent'
  | 'refer'
  | 'acknowledge'
  | 'accept'
  | 'decline'
  | 'complete'
  | 'withdraw'
  | 'transfer'
  | 'accept-transfer'
  | 'decline-transfer'
  | 'close'
  | 'reopen';

/** One command of a case, as data: the executor fills in the ids the server made. */
export interface Step {
  kind: StepKind;
  agencyId: string;
  role: 'officer' | 'supervisor';
  officerId: string;
  body: Record<string, unknown>;
  /** Which of the case's referrals a referral step is about. */
  referral?: number;
  /** The events this step records, in order (a screening may start the reflection period). */
  events: string[];
}

export interface CasePlan {
  index: number;
  leadAgencyId: string;
  /** identifiedAt lies this long before the run starts (the API refuses future times). */
  identifiedMinutesAgo: number;
  steps: Step[];
  referralOutcomes: ReferralOutcome[];
  transferOutcome: TransferOutcome | null;
}

/** Hours a referral meant to go overdue gets to be acknowledged: 3 minutes. */
export const OVERDUE_WITHIN_HOURS = 0.05;

const EIGHTEEN_MONTHS_MINUTES = 548 * 24 * 60;

const SOURCE_WEIGHTS: Record<IdentificationSource, number> = {
  'airport-interception': 18,
  'border-interception': 12,
  raid: 14,
  hotline: 10,
  'self-referral': 6,
  'ngo-outreach': 12,
  'police-complaint': 20,
  other: 8,
};

const PROVINCE_WEIGHTS: Record<Province, number> = {
  punjab: 40,
  sindh: 22,
  'khyber-pakhtunkhwa': 15,
  balochistan: 9,
  'islamabad-capital-territory': 8,
  'gilgit-baltistan': 3,
  'azad-jammu-kashmir': 3,
};

/** Where interceptions happen: the international airports and the border crossings. */
const INTERCEPTION_POINTS: Record<
  'airport-interception' | 'border-interception',
  { weight: number; province: Province; district: string }[]
> = {
  'airport-interception': [
    { weight: 28, province: 'islamabad-capital-territory', district: 'Islamabad' },
    { weight: 20, province: 'punjab', district: 'Lahore' },
    { weight: 6, province: 'punjab', district: 'Multan' },
    { weight: 6, province: 'punjab', district: 'Sialkot' },
    { weight: 24, province: 'sindh', district: 'Karachi' },
    { weight: 12, province: 'khyber-pakhtunkhwa', district: 'Peshawar' },
    { weight: 4, province: 'balochistan', district: 'Quetta' },
  ],
  'border-interception': [
    { weight: 30, province: 'balochistan', district: 'Chagai' }, // Taftan, to Iran
    { weight: 15, province: 'balochistan', district: 'Killa Abdullah' }, // Chaman
    { weight: 10, province: 'balochistan', district: 'Kech' },
    { weight: 25, province: 'khyber-pakhtunkhwa', district: 'Khyber' }, // Torkham
    { weight: 10, province: 'punjab', district: 'Lahore' }, // Wagah
    { weight: 7, province: 'gilgit-baltistan', district: 'Hunza' }, // Sost
    { weight: 3, province: 'azad-jammu-kashmir', district: 'Kotli' },
  ],
};

const INDICATORS: Record<'tip' | 'som', readonly string[]> = {
  tip: [
    'documents-withheld',
    'debt-bondage',
    'restricted-movement',
    'deceptive-recruitment',
    'no-wages',
    'physical-abuse',
    'threats-to-family',
    'excessive-working-hours',
    'isolation',
  ],
  som: [
    'fraudulent-travel-documents',
    'paid-smuggler',
    'abandoned-by-smuggler',
    'irregular-border-crossing',
    'detained-in-transit',
    'deceptive-recruitment',
  ],
};

const REFERRAL_REASONS: Partial<Record<Service, readonly string[]>> = {
  shelter: ['Needs a safe place to stay', 'No safe place to return to tonight'],
  medical: ['Injuries need medical examination', 'Needs medical care'],
  psychosocial: ['Needs counselling after exploitation', 'Trauma support requested'],
  'legal-aid': ['Statement before the magistrate', 'Needs a lawyer for the prosecution'],
  interpretation: ['Does not speak Urdu; interpreter needed'],
  repatriation: ['Wishes to return home', 'Travel documents and return need arranging'],
  reintegration: [
    'Family reunification and livelihood support',
    'Support to return to the community',
  ],
  'family-tracing': ['Family whereabouts unknown', 'Guardian needs to be traced'],
  'education-vocational': ['Vocational training to rebuild income', 'Back to school'],
};

const NOT_SUCCESSFUL = [
  'Left the shelter before the service was delivered',
  'Family did not agree to reintegration',
  'Interpreter not available in time',
  'Lost contact after the first session',
];

const DECLINE_NOTES: Partial<Record<DeclineReason, string>> = {
  'no-capacity': 'All beds are full this week',
  'not-eligible': 'Outside the groups our mandate covers',
  'service-unavailable': 'The requested service is suspended for now',
  'victim-refused': 'Did not want to go to this agency',
  other: 'Please refer to the district office instead',
};

const TRANSFER_REASONS = [
  'Victim resides in this province',
  'Case management moves to the provincial department',
  'Child protection case: the bureau takes the lead',
  'Investigation continues with the circle of the place of recruitment',
];

const REOPEN_REASONS = [
  'Victim contacted the helpline again',
  'New information from the investigating officer',
  "Court summons: the victim's statement is needed",
];

const OVERRIDE_JUSTIFICATION =
  'Child at immediate risk and no guardian reachable; shelter needed tonight';

/** Most victims identified in Pakistan are Pakistani; interceptions see more foreign nationals. */
function citizenship(random: Random, source: IdentificationSource, province: Province): string {
  if (
    source === 'border-interception' &&
    (province === 'balochistan' || province === 'khyber-pakhtunkhwa')
  ) {
    return random.weighted({ AF: 45, PK: 40, IR: province === 'balochistan' ? 12 : 2, BD: 3 });
  }
  if (source === 'airport-interception') {
    return random.weighted({ PK: 86, BD: 4, AF: 3, NP: 2, LK: 2, MM: 1, NG: 1, IN: 1 });
  }
  return random.weighted({ PK: 92, AF: 4, BD: 1.5, MM: 1, IN: 0.5, IR: 0.5, NP: 0.5 });
}

function crimeTypeFor(random: Random, source: IdentificationSource): CrimeType {
  switch (source) {
    case 'airport-interception':
      return random.weighted({ som: 45, tip: 30, 'tip-and-som': 15, undetermined: 10 });
    case 'border-interception':
      return random.weighted({ som: 55, 'tip-and-som': 20, tip: 15, undetermined: 10 });
    case 'raid':
      return random.weighted({ tip: 80, 'tip-and-som': 8, undetermined: 12 });
    default:
      return random.weighted({ tip: 65, undetermined: 20, som: 8, 'tip-and-som': 7 });
  }
}

function exploitationTypes(
  random: Random,
  crimeType: CrimeType,
  sex: Sex,
  ageGroup: AgeGroup,
): ExploitationType[] {
  let weights: Partial<Record<ExploitationType, number>>;
  if (crimeType === 'som') {
    weights = { 'forced-labour': 50, other: 40, 'domestic-servitude': 10 };
  } else if (ageGroup !== 'adult') {
    weights = {
      'child-labour': 35,
      'forced-begging': 25,
      'domestic-servitude': 15,
      'sexual-exploitation': 12,
      'bonded-labour': 10,
      ...(sex === 'female' ? { 'forced-marriage': 10 } : {}),
    };
  } else if (sex === 'female') {
    weights = {
      'sexual-exploitation': 35,
      'domestic-servitude': 20,
      'forced-marriage': 20,
      'forced-labour': 15,
      'bonded-labour': 10,
    };
  } else if (sex === 'transgender') {
    weights = { 'sexual-exploitation': 50, 'forced-begging': 30, other: 20 };
  } else {
    weights = {
      'forced-labour': 40,
      'bonded-labour': 35,
      'forced-criminality': 8,
      'organ-removal': 4,
      'sexual-exploitation': 3,
      other: 10,
    };
  }
  const first = random.weighted(weights);
  if (!random.chance(0.35)) return [first];
  const rest = { ...weights };
  delete rest[first];
  return Object.keys(rest).length === 0 ? [first] : [first, random.weighted(rest)];
}

/** Synthetic and obviously fake: a demo must never carry a real person's details. */
function syntheticPersonal(index: number, ageGroup: AgeGroup, pakistani: boolean, now: Date) {
  const n = String(index + 1).padStart(7, '0');
  const age = ageGroup === 'child' ? 9 + (index % 8) : 19 + (index % 27);
  const born = new Date(Date.UTC(now.getUTCFullYear() - age, index % 12, 1 + (index % 28)));
  return {
    fullName: `DEMO Synthetic Person ${n}`,
    ...(pakistani ? { cnic: `00000-${n}-0` } : {}),
    phone: `+92 000 ${n}`,
    address: `Synthetic address ${index + 1}, not a real place`,
    dateOfBirth: born.toISOString().slice(0, 10),
  };
}

interface Receiver {
  agency: DemoAgency;
  services: Service[];
}

/** Who the victim is sent to, in order of need: shelter or child protection first, then the rest. */
function receivers(
  random: Random,
  lead: DemoAgency,
  province: Province,
  sex: Sex,
  ageGroup: AgeGroup,
  foreign: boolean,
  count: number,
): Receiver[] {
  const child = ageGroup !== 'adult';
  const needs: { type: DemoAgency['type']; services?: Service[] }[] = [];
  if (child) needs.push({ type: 'child-protection' });
  else if (sex === 'female' || sex === 'transgender') needs.push({ type: 'shelter' });
  if (foreign && ageGroup === 'adult')
    needs.push({ type: 'ngo', services: ['repatriation', 'interpretation'] });
  needs.push({ type: 'ngo' }, { type: 'social-welfare' });
  if (!child) needs.push({ type: 'shelter' });

  const out: Receiver[] = [];
  for (const need of needs) {
    if (out.length >= count) break;
    const candidates = agenciesNear(need.type, province).filter(
      (a) =>
        a.agencyId !== lead.agencyId &&
        a.services.length > 0 &&
        !out.some((r) => r.agency.agencyId === a.agencyId) &&
        (need.services === undefined || need.services.some((s) => a.services.includes(s))),
    );
    // Dar-ul-Aman shelters take women and girls; men go to other services.
    if (candidates.length === 0 || (need.type === 'shelter' && sex === 'male')) continue;
    const agency = random.pick(candidates);
    const wanted = need.services?.filter((s) => agency.services.includes(s)) ?? [];
    // Repatriation only for foreign adults: the victim's own request is recorded first.
    const offered = agency.services.filter((s) => s !== 'repatriation' || (foreign && !child));
    const services = wanted.length > 0 ? wanted : random.sample(offered, random.int(1, 2));
    if (services.length > 0) out.push({ agency, services });
  }
  return out;
}

function leadAgency(
  random: Random,
  source: IdentificationSource,
  province: Province,
  ageGroup: AgeGroup,
): DemoAgency {
  let type: DemoAgency['type'];
  switch (source) {
    case 'airport-interception':
    case 'border-interception':
      type = 'fia';
      break;
    case 'raid':
      type = random.weighted({ police: 60, fia: 40 });
      break;
    case 'hotline':
      type = random.weighted({ fia: 70, ngo: 30 });
      break;
    case 'self-referral':
      type = random.weighted({ ngo: 50, fia: 30, police: 20 });
      break;
    case 'ngo-outreach':
      type = 'ngo';
      break;
    case 'police-complaint':
      type = 'police';
      break;
    default:
      type =
        ageGroup === 'adult'
          ? 'social-welfare'
          : random.weighted({ 'child-protection': 70, 'social-welfare': 30 });
  }
  return random.pick(agenciesNear(type, province));
}

function pickOutcome(random: Random): ReferralOutcome {
  return random.weighted<ReferralOutcome>({
    'completed-successful': 30,
    'completed-not-successful': 8,
    accepted: 17,
    declined: 14,
    acknowledged: 9,
    requested: 6,
    overdue: 5,
    withdrawn: 4,
  });
}

const LIVE: ReadonlySet<ReferralOutcome> = new Set([
  'requested',
  'overdue',
  'acknowledged',
  'accepted',
]);

/** The steps of one case, from identification to (sometimes) closure and reopening. */
export function planCase(random: Random, index: number, now: Date): CasePlan {
  const source = random.weighted(SOURCE_WEIGHTS);
  const interception =
    source === 'airport-interception' || source === 'border-interception'
      ? weightedPoint(random, INTERCEPTION_POINTS[source])
      : null;
  const province = interception?.province ?? random.weighted(PROVINCE_WEIGHTS);

  const crimeType = crimeTypeFor(random, source);
  const sex: Sex =
    crimeType === 'som'
      ? random.weighted<Sex>({ male: 80, female: 15, unknown: 3, transgender: 2 })
      : random.weighted<Sex>({ female: 55, male: 37, transgender: 3, unknown: 5 });
  const ageGroup: AgeGroup =
    crimeType === 'som'
      ? random.weighted<AgeGroup>({ adult: 82, child: 13, unknown: 5 })
      : random.weighted<AgeGroup>({ adult: 60, child: 33, unknown: 7 });
  const child = ageGroup !== 'adult';
  const nationality = citizenship(random, source, province);
  const foreign = nationality !== 'PK';

  const lead = leadAgency(random, source, province, ageGroup);
  // Where the victim was identified; a lead from a neighbouring province keeps that location.
  const district =
    interception?.district ??
    (lead.province === province && random.chance(0.6)
      ? lead.district
      : random.pick(DISTRICTS[province]));
  const officer = (
    agency: DemoAgency,
    supervisor = false,
  ): Pick<Step, 'agencyId' | 'role' | 'officerId'> => {
    const role = supervisor || random.chance(0.12) ? 'supervisor' : 'officer';
    const n = role === 'supervisor' ? 1 : random.int(1, 3);
    return { agencyId: agency.agencyId, role, officerId: `${agency.agencyId}.${role}-${n}` };
  };

  const indicatorKind = crimeType === 'som' ? 'som' : 'tip';
  const steps: Step[] = [];
  const minutesAgo = Math.max(60, Math.round(EIGHTEEN_MONTHS_MINUTES * random.next() ** 1.2));
  steps.push({
    kind: 'open',
    ...officer(lead),
    events: ['case.opened.v1'],
    body: {
      identificationSource: source,
      location: { province, district },
      crimeType,
      victim: {
        sex,
        ageGroup,
        citizenship: nationality,
        ...(random.chance(0.25)
          ? { personal: syntheticPersonal(index, ageGroup, !foreign, now) }
          : {}),
      },
      exploitationTypes: exploitationTypes(random, crimeType, sex, ageGroup),
      indicators: random.sample(INDICATORS[indicatorKind], random.int(1, 3)),
    },
  });

  // Screening: most cases are screened; conclusive grounds often follow reasonable grounds.
  const status = random.weighted<TraffickingStatus | 'unscreened'>({
    possible: 40,
    actual: 32,
    'not-a-victim': 8,
    unscreened: 20,
  });
  const reclassified: CrimeType | undefined =
    crimeType === 'undetermined' && random.chance(0.6)
      ? random.weighted<CrimeType>({ tip: 70, som: 30 })
      : undefined;
  const screenings: TraffickingStatus[] =
    status === 'unscreened'
      ? []
      : status === 'actual' && random.chance(0.4)
        ? ['possible', 'actual']
        : [status];
  screenings.forEach((traffickingStatus, i) => {
    const reclassifies = i === 0 && reclassified !== undefined;
    // The domain starts the reflection period at the first finding of reasonable grounds.
    const startsReflection = traffickingStatus === 'possible' && i === 0;
    steps.push({
      kind: 'screen',
      ...officer(lead),
      events: [
        'case.screened.v1',
        ...(reclassifies ? ['case.reclassified.v1'] : []),
        ...(startsReflection ? ['reflection-period.started.v1'] : []),
      ],
      body: {
        traffickingStatus,
        ...(reclassifies ? { crimeType: reclassified } : {}),
        indicators: random.sample(INDICATORS[indicatorKind], random.int(1, 2)),
      },
    });
  });

  const referralCount =
    status === 'not-a-victim'
      ? Number(random.chance(0.1))
      : status === 'unscreened'
        ? random.int(0, 1)
        : Number(random.weighted({ '1': 45, '2': 35, '3': 20 }));
  const referralOutcomes: ReferralOutcome[] = [];
  for (const receiver of receivers(random, lead, province, sex, ageGroup, foreign, referralCount)) {
    const to = receiver.agency;
    const outcome = pickOutcome(random);
    const referral = referralOutcomes.length;
    const emergency =
      (to.type === 'shelter' || to.type === 'child-protection') && random.chance(0.45);
    // A guardian decides for most children; a refusal is overridden only for a child at risk.
    const givenBy = child && random.chance(0.7) ? 'guardian' : 'victim';
    const refused = random.chance(0.05);
    const override = refused && child && emergency;
    if (refused && !override) {
      steps.push({
        kind: 'consent',
        ...officer(lead),
        events: ['consent.recorded.v1'],
        body: {
          decision: 'refused',
          scope: 'share-with-agency',
          agencyId: to.agencyId,
          givenBy,
          method: 'verbal',
        },
      });
      continue;
    }
    const method = random.chance(0.65) ? 'written' : 'verbal';
    const interpreterUsed = foreign ? random.chance(0.8) : random.chance(0.1);
    if (receiver.services.includes('repatriation')) {
      steps.push({
        kind: 'consent',
        ...officer(lead),
        events: ['consent.recorded.v1'],
        body: {
          decision: 'given',
          scope: 'services',
          services: ['repatriation'],
          givenBy: 'victim',
          method,
          interpreterUsed,
        },
      });
    }
    steps.push({
      kind: 'consent',
      ...officer(lead),
      events: ['consent.recorded.v1'],
      body: {
        decision: refused ? 'refused' : 'given',
        scope: 'share-with-agency',
        agencyId: to.agencyId,
        givenBy,
        method,
        interpreterUsed,
      },
    });
    const reasons = REFERRAL_REASONS[receiver.services[0]] ?? ['Needs support'];
    steps.push({
      kind: 'refer',
      ...officer(lead, override),
      referral,
      events: override
        ? ['consent.overridden.v1', 'referral.requested.v1']
        : ['referral.requested.v1'],
      body: {
        toAgencyId: to.agencyId,
        services: receiver.services,
        urgency: emergency ? 'emergency' : 'routine',
        reason: random.pick(reasons),
        ...(outcome === 'overdue' ? { acknowledgeWithinHours: OVERDUE_WITHIN_HOURS } : {}),
        ...(override ? { consentOverride: { justification: OVERRIDE_JUSTIFICATION } } : {}),
      },
    });
    referralOutcomes.push(outcome);

    const answer = (kind: StepKind, event: string, body: Record<string, unknown> = {}) =>
      steps.push({ kind, ...officer(to), referral, events: [event], body });
    const acknowledges =
      outcome === 'acknowledged' ||
      (outcome !== 'requested' && outcome !== 'overdue' && random.chance(0.7));
    if (acknowledges) answer('acknowledge', 'referral.acknowledged.v1');
    if (outcome === 'declined') {
      const reason = random.weighted<DeclineReason>({
        'no-capacity': 40,
        'service-unavailable': 20,
        'victim-refused': 20,
        'not-eligible': 10,
        other: 10,
      });
      answer('decline', 'referral.declined.v1', {
        reason,
        ...(random.chance(0.6) ? { note: DECLINE_NOTES[reason] } : {}),
      });
    }
    if (outcome === 'accepted' || outcome.startsWith('completed')) {
      answer(
        'accept',
        'referral.accepted.v1',
        random.chance(0.3) ? { note: 'Place confirmed' } : {},
      );
    }
    if (outcome === 'completed-successful') {
      answer('complete', 'referral.completed.v1', {
        outcome: 'successful',
        servicesDelivered: receiver.services,
      });
    }
    if (outcome === 'completed-not-successful') {
      answer('complete', 'referral.completed.v1', {
        outcome: 'not-successful',
        reasonNotSuccessful: random.pick(NOT_SUCCESSFUL),
        servicesDelivered: random.sample(
          receiver.services,
          random.int(0, receiver.services.length - 1),
        ),
      });
    }
    if (outcome === 'withdrawn') {
      steps.push({
        kind: 'withdraw',
        ...officer(lead),
        referral,
        events: ['referral.withdrawn.v1'],
        body: { reason: 'Victim moved to another province' },
      });
    }
  }

  // The lead hands over: children to child protection, adults to social welfare or another circle.
  let currentLead = lead;
  let transferOutcome: TransferOutcome | null = null;
  if (
    status !== 'not-a-victim' &&
    (lead.type === 'fia' || lead.type === 'police') &&
    random.chance(0.18)
  ) {
    const type = child ? 'child-protection' : random.weighted({ 'social-welfare': 60, fia: 40 });
    const candidates = agenciesNear(type, lead.province).filter(
      (a) => a.agencyId !== lead.agencyId,
    );
    const pool =
      candidates.length > 0
        ? candidates
        : DEMO_AGENCIES.filter((a) => a.type === 'fia' && a !== lead);
    const to = random.pick(pool);
    transferOutcome = random.weighted<TransferOutcome>({ accepted: 70, declined: 20, pending: 10 });
    steps.push({
      kind: 'transfer',
      ...officer(lead),
      events: ['transfer.requested.v1'],
      body: { toAgencyId: to.agencyId, reason: random.pick(TRANSFER_REASONS) },
    });
    if (transferOutcome === 'accepted') {
      steps.push({
        kind: 'accept-transfer',
        ...officer(to),
        events: ['transfer.accepted.v1'],
        body: {},
      });
      currentLead = to;
    } else if (transferOutcome === 'declined') {
      steps.push({
        kind: 'decline-transfer',
        ...officer(to),
        events: ['transfer.declined.v1'],
        body: random.chance(0.7) ? { reason: 'No caseworker free in this district' } : {},
      });
    }
  }

  // Only a case with nothing left in flight is closed: a closed case takes no more answers.
  const settled = referralOutcomes.every((o) => !LIVE.has(o)) && transferOutcome !== 'pending';
  const closes = settled && random.chance(status === 'not-a-victim' ? 0.85 : 0.45);
  if (closes) {
    let reason: ClosureReason;
    if (status === 'not-a-victim') reason = 'not-a-victim';
    else if (referralOutcomes.some((o, i) => o === 'completed-successful' && repatriates(steps, i)))
      reason = 'repatriated';
    else
      reason = random.weighted<ClosureReason>({
        reintegrated: referralOutcomes.includes('completed-successful') ? 55 : 10,
        'lost-contact': 25,
        'transferred-out': 8,
        other: 8,
        deceased: 1,
      });
    steps.push({
      kind: 'close',
      ...officer(currentLead),
      events: ['case.closed.v1'],
      body: { reason },
    });
    if (random.chance(0.12)) {
      steps.push({
        kind: 'reopen',
        ...officer(currentLead),
        events: ['case.reopened.v1'],
        body: { reason: random.pick(REOPEN_REASONS) },
      });
    }
  }

  return {
    index,
    leadAgencyId: lead.agencyId,
    identifiedMinutesAgo: minutesAgo,
    steps,
    referralOutcomes,
    transferOutcome,
  };
}

function weightedPoint<P extends { weight: number }>(random: Random, points: readonly P[]): P {
  const chosen = random.weighted(Object.fromEntries(points.map((p, i) => [String(i), p.weight])));
  return points[Number(chosen)];
}

function repatriates(steps: readonly Step[], referral: number): boolean {
  const request = steps.find((s) => s.kind === 'refer' && s.referral === referral);
  return ((request?.body.services as Service[] | undefined) ?? []).includes('repatriation');
}

/** Every case of a run, drawn in order from one generator, so a seed fixes them all. */
export function planDemo(cases: number, seed: number, now: Date): CasePlan[] {
  const random = new Random(seed);
  return Array.from({ length: cases }, (_, index) => planCase(random, index, now));
}
