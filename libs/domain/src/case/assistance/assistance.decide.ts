import { Actor, DecisionContext } from '../../actor';
import {
  ASSISTANCE_DECISIONS,
  PROTECTION_MEASURES,
  ProtectionMeasure,
  SERVICES,
  Service,
} from '../../codes';
import { ForbiddenActionError } from '../../errors';
import { requireRepatriationAllowed, requireUnusedId } from '../case.rules';
import { CaseState } from '../case.state';
import { requireCode, requireText } from '../case.validation';
import { RecordAssistanceDecision, RecordProtectionMeasure } from './assistance.commands';
import { AssistanceDecided, ProtectionMeasureDecided } from './assistance.events';

/**
 * The service an agency must have been referred for to decide a measure itself; police
 * protection has none, so only the lead agency decides it.
 */
const SERVICE_OF_MEASURE: Readonly<Record<ProtectionMeasure, Service | null>> = {
  'shelter-placement': 'shelter',
  'witness-protection': 'witness-protection',
  'police-protection': null,
};

export function decideRecordAssistanceDecision(
  state: CaseState,
  command: RecordAssistanceDecision,
  ctx: DecisionContext,
): AssistanceDecided[] {
  const service = requireCode(SERVICES, command.service, 'service');
  requireProvider(state, ctx.actor, service);
  const decisionId = requireText(command.decisionId, 'decisionId');
  requireUnusedId(
    state.assistanceDecisions.map((decision) => decision.decisionId),
    decisionId,
    'decisionId',
  );
  const decision = requireCode(ASSISTANCE_DECISIONS, command.decision, 'decision');
  const rationale = requireText(command.rationale, 'rationale');
  if (service === 'repatriation' && decision === 'granted') {
    requireRepatriationAllowed(state, ctx.now, 'service');
  }
  return [
    {
      type: 'assistance.decided.v1',
      data: {
        decisionId,
        service,
        decision,
        rationale,
        agencyId: ctx.actor.agencyId,
        decidedAt: ctx.now,
      },
    },
  ];
}

export function decideRecordProtectionMeasure(
  state: CaseState,
  command: RecordProtectionMeasure,
  ctx: DecisionContext,
): ProtectionMeasureDecided[] {
  const measure = requireCode(PROTECTION_MEASURES, command.measure, 'measure');
  requireProvider(state, ctx.actor, SERVICE_OF_MEASURE[measure]);
  const measureId = requireText(command.measureId, 'measureId');
  requireUnusedId(
    state.protectionMeasures.map((protection) => protection.measureId),
    measureId,
    'measureId',
  );
  return [
    {
      type: 'protection-measure.decided.v1',
      data: {
        measureId,
        measure,
        decision: requireCode(ASSISTANCE_DECISIONS, command.decision, 'decision'),
        rationale: requireText(command.rationale, 'rationale'),
        agencyId: ctx.actor.agencyId,
        decidedAt: ctx.now,
      },
    },
  ];
}

/** The agency that provides a service decides it: the lead, or the one referred for it. */
function requireProvider(state: CaseState, actor: Actor, service: Service | null): void {
  if (actor.agencyId === state.leadAgencyId) return;
  const referredForService =
    service !== null &&
    state.referrals.some(
      (referral) =>
        referral.toAgencyId === actor.agencyId &&
        referral.status === 'accepted' &&
        referral.services.includes(service),
    );
  if (!referredForService) {
    throw new ForbiddenActionError(
      'Only the lead agency or an agency with an accepted referral for the service may decide it',
    );
  }
}
