import fc from 'fast-check';
import { Actor } from '../actor';
import {
  ASSISTANCE_DECISIONS,
  CLOSURE_REASONS,
  CONSENT_DECISIONS,
  CONSENT_GIVERS,
  CRIME_TYPES,
  DECLINE_REASONS,
  PROTECTION_MEASURES,
  REFERRAL_OUTCOMES,
  ROLES,
  Service,
  TRAFFICKING_STATUSES,
  URGENCIES,
} from '../codes';
import { DomainError } from '../errors';
import { addHours } from '../time';
import { CaseCommand } from './case.commands';
import { decide } from './case.decide';
import { CASE_EVENT_TYPES, upcast } from './case.event-types';
import { CaseEvent } from './case.events';
import { evolve, replay } from './case.evolve';
import { CaseState, ReferralState } from './case.state';
import { openCase, OPENED_AT, REFLECTION_DAYS } from './testing/case.fixtures';

const AGENCIES = ['fia', 'police', 'shelter'] as const;
const SERVICES_USED: readonly Service[] = [
  'shelter',
  'medical',
  'repatriation',
  'witness-protection',
];
const TERMINAL_REFERRAL_STATUSES = ['declined', 'withdrawn', 'completed'];

const agency = fc.constantFrom(...AGENCIES);
const referralId = fc.constantFrom('r1', 'r2');
const transferId = fc.constantFrom('t1', 't2');
const services = fc.subarray([...SERVICES_USED], { minLength: 1 });
const text = fc.constantFrom('because', 'noted');

/**
 * Who acts is drawn relative to the case as it then stands (its lead, or the agency the command's
 * referral or transfer names), so that most steps are allowed and sequences reach deep states.
 */
const actor = fc.record({
  who: fc.constantFrom('lead', 'lead', 'counterpart', 'counterpart', 'anyone'),
  anyone: agency,
  role: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('officer' as const, 'supervisor' as const) },
    { weight: 1, arbitrary: fc.constantFrom(...ROLES) },
  ),
});
type ActorDraw = typeof actor extends fc.Arbitrary<infer T> ? T : never;

function resolveActor(draw: ActorDraw, state: CaseState, command: CaseCommand): Actor {
  const agencyId =
    draw.who === 'lead'
      ? state.leadAgencyId
      : draw.who === 'counterpart'
        ? (counterpartOf(state, command) ?? state.leadAgencyId)
        : draw.anyone;
  return { agencyId, officerId: 'officer-1', role: draw.role };
}

function counterpartOf(state: CaseState, command: CaseCommand): string | undefined {
  if ('referralId' in command) {
    return state.referrals.find((referral) => referral.referralId === command.referralId)
      ?.toAgencyId;
  }
  if ('transferId' in command) {
    return state.transfers.find((transfer) => transfer.transferId === command.transferId)
      ?.toAgencyId;
  }
  return state.referrals.find((referral) => referral.status === 'accepted')?.toAgencyId;
}

const command: fc.Arbitrary<CaseCommand> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordScreening'),
      traffickingStatus: fc.constantFrom(...TRAFFICKING_STATUSES),
      crimeType: fc.constantFrom(...CRIME_TYPES),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('RecordConsent'),
      consentId: fc.uuid(),
      decision: fc.constantFrom(...CONSENT_DECISIONS),
      scope: fc.constant('share-with-agency'),
      agencyId: agency,
      givenBy: fc.constantFrom(...CONSENT_GIVERS),
      method: fc.constant('written'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordConsent'),
      consentId: fc.uuid(),
      decision: fc.constantFrom(...CONSENT_DECISIONS),
      scope: fc.constant('services'),
      services,
      givenBy: fc.constantFrom(...CONSENT_GIVERS),
      method: fc.constant('verbal'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        type: fc.constant('RequestReferral'),
        referralId,
        toAgencyId: agency,
        services,
        urgency: fc.constantFrom(...URGENCIES),
        reason: text,
        consentOverride: fc.record({ justification: text }),
      },
      { requiredKeys: ['type', 'referralId', 'toAgencyId', 'services', 'urgency', 'reason'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('AcknowledgeReferral'), referralId }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('AcceptReferral'), referralId }) },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('DeclineReferral'),
      referralId,
      reason: fc.constantFrom(...DECLINE_REASONS),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      type: fc.constant('CompleteReferral'),
      referralId,
      outcome: fc.constantFrom(...REFERRAL_OUTCOMES),
      reasonNotSuccessful: fc.option(text, { nil: undefined }),
      servicesDelivered: fc.subarray([...SERVICES_USED]),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('WithdrawReferral'), referralId, reason: text }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('MarkReferralOverdue'), referralId }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordAssistanceDecision'),
      decisionId: fc.uuid(),
      service: fc.constantFrom(...SERVICES_USED),
      decision: fc.constantFrom(...ASSISTANCE_DECISIONS),
      rationale: text,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RecordProtectionMeasure'),
      measureId: fc.uuid(),
      measure: fc.constantFrom(...PROTECTION_MEASURES),
      decision: fc.constantFrom(...ASSISTANCE_DECISIONS),
      rationale: text,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('RequestTransfer'),
      transferId,
      toAgencyId: agency,
      reason: text,
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('AcceptTransfer'), transferId }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('DeclineTransfer'), transferId }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('CloseCase'),
      reason: fc.constantFrom(...CLOSURE_REASONS),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('ReopenCase'), reason: text }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('ErasePersonalData'), justification: text }),
  },
) as fc.Arbitrary<CaseCommand>;

const step = fc.record({ actor, command, hoursLater: fc.integer({ min: 0, max: 30 }) });

interface Run {
  state: CaseState;
  log: CaseEvent[];
}

function open(): Run {
  const ctx = {
    actor: { agencyId: 'fia', officerId: 'officer-1', role: 'officer' as const },
    now: OPENED_AT,
    reflectionPeriodDays: REFLECTION_DAYS,
  };
  const log = decide(null, openCase(), ctx);
  return { state: replay(log)!, log };
}

describe('case aggregate under random command sequences', () => {
  it('keeps its invariants', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 60 }), (steps) => {
        let { state, log } = open();
        let now = OPENED_AT;
        let expectedLead = 'fia';
        let erased = false;
        const settled = new Map<string, ReferralState>();

        for (const { actor: draw, command, hoursLater } of steps) {
          now = addHours(now, hoursLater);
          const actor = resolveActor(draw, state, command);
          let events: CaseEvent[];
          try {
            events = decide(state, command, { actor, now, reflectionPeriodDays: REFLECTION_DAYS });
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            continue;
          }
          for (const event of events) {
            expect(CASE_EVENT_TYPES).toContain(event.type);
            if (event.type === 'transfer.accepted.v1') expectedLead = event.data.toAgencyId;
            if (event.type === 'case.personal-data-erased.v1') erased = true;
            state = evolve(state, event);
            log = [...log, event];
          }

          expect(state.version).toBe(log.length);
          expect(state.leadAgencyId).toBe(expectedLead);
          expect(state.transfers.filter((t) => t.status === 'requested').length).toBeLessThan(2);
          if (erased)
            expect(state.victim).toMatchObject({ personal: null, personalDataErased: true });
          for (const referral of state.referrals) {
            const before = settled.get(referral.referralId);
            if (before) expect(referral).toEqual(before);
            else if (TERMINAL_REFERRAL_STATUSES.includes(referral.status)) {
              settled.set(referral.referralId, referral);
            }
          }
        }

        expect(replay(log)).toEqual(state);
        const fromStorage = log.map((event) =>
          upcast(event.type, JSON.parse(JSON.stringify(event.data))),
        );
        expect(replay(fromStorage)).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});
