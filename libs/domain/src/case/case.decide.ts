import { DecisionContext } from '../actor';
import { Role } from '../codes';
import {
  BusinessRuleViolationError,
  CaseNotFoundError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../errors';
import {
  decideRecordAssistanceDecision,
  decideRecordProtectionMeasure,
} from './assistance/assistance.decide';
import { CaseCommand, CaseCommandType } from './case.commands';
import { CaseEvent } from './case.events';
import { CaseState } from './case.state';
import { decideCloseCase, decideReopenCase } from './closure/closure.decide';
import { decideRecordConsent } from './consent/consent.decide';
import { decideErasePersonalData } from './erasure/erasure.decide';
import { decideOpenCase } from './opening/opening.decide';
import {
  decideAcceptReferral,
  decideAcknowledgeReferral,
  decideCompleteReferral,
  decideDeclineReferral,
  decideMarkReferralOverdue,
  decideRequestReferral,
  decideWithdrawReferral,
} from './referral/referral.decide';
import { decideRecordScreening } from './screening/screening.decide';
import {
  decideAcceptTransfer,
  decideDeclineTransfer,
  decideRequestTransfer,
} from './transfer/transfer.decide';

const CASE_WORKERS: readonly Role[] = ['officer', 'supervisor'];

/**
 * Which roles may issue each command at all; agency rules come after, per command. Auditors
 * appear nowhere: oversight must never be able to change what it oversees. The one source of
 * who may command: the API's permission table takes its case actions' roles from here.
 */
export const ROLES_ALLOWED: Readonly<Record<CaseCommandType, readonly Role[]>> = {
  OpenCase: CASE_WORKERS,
  RecordScreening: CASE_WORKERS,
  RecordConsent: CASE_WORKERS,
  RequestReferral: CASE_WORKERS,
  AcknowledgeReferral: CASE_WORKERS,
  AcceptReferral: CASE_WORKERS,
  DeclineReferral: CASE_WORKERS,
  CompleteReferral: CASE_WORKERS,
  WithdrawReferral: CASE_WORKERS,
  MarkReferralOverdue: ['system'],
  RecordAssistanceDecision: CASE_WORKERS,
  RecordProtectionMeasure: CASE_WORKERS,
  RequestTransfer: CASE_WORKERS,
  AcceptTransfer: CASE_WORKERS,
  DeclineTransfer: CASE_WORKERS,
  CloseCase: CASE_WORKERS,
  ReopenCase: CASE_WORKERS,
  ErasePersonalData: ['supervisor', 'admin'],
};

const ALLOWED_ON_CLOSED_CASE: ReadonlySet<CaseCommandType> = new Set([
  'ReopenCase',
  'ErasePersonalData',
]);

/**
 * Decides which events a command produces on the case's current state, or throws a DomainError.
 * Checks run in a fixed order so callers get a predictable answer: role (403), case existence
 * (404) and status (409), then per command the referral or transfer (404), the agency's
 * authority (403), the input (422), the state transition (409) and the business rules (422).
 */
export function decide(
  state: CaseState | null,
  command: CaseCommand,
  ctx: DecisionContext,
): CaseEvent[] {
  const roles: readonly Role[] | undefined = ROLES_ALLOWED[command.type];
  if (roles === undefined) throw new BusinessRuleViolationError('Unknown command', 'type');
  if (!roles.includes(ctx.actor.role)) {
    throw new ForbiddenActionError(`Role ${ctx.actor.role} may not issue ${command.type}`);
  }
  if (command.type === 'OpenCase') {
    if (state !== null) throw new InvalidStateTransitionError('The case already exists');
    return decideOpenCase(command, ctx);
  }
  if (state === null) throw new CaseNotFoundError();
  if (state.status === 'closed' && !ALLOWED_ON_CLOSED_CASE.has(command.type)) {
    throw new InvalidStateTransitionError(`A closed case does not accept ${command.type}`);
  }
  switch (command.type) {
    case 'RecordScreening':
      return decideRecordScreening(state, command, ctx);
    case 'RecordConsent':
      return decideRecordConsent(state, command, ctx);
    case 'RequestReferral':
      return decideRequestReferral(state, command, ctx);
    case 'AcknowledgeReferral':
      return decideAcknowledgeReferral(state, command, ctx);
    case 'AcceptReferral':
      return decideAcceptReferral(state, command, ctx);
    case 'DeclineReferral':
      return decideDeclineReferral(state, command, ctx);
    case 'CompleteReferral':
      return decideCompleteReferral(state, command, ctx);
    case 'WithdrawReferral':
      return decideWithdrawReferral(state, command, ctx);
    case 'MarkReferralOverdue':
      return decideMarkReferralOverdue(state, command, ctx);
    case 'RecordAssistanceDecision':
      return decideRecordAssistanceDecision(state, command, ctx);
    case 'RecordProtectionMeasure':
      return decideRecordProtectionMeasure(state, command, ctx);
    case 'RequestTransfer':
      return decideRequestTransfer(state, command, ctx);
    case 'AcceptTransfer':
      return decideAcceptTransfer(state, command, ctx);
    case 'DeclineTransfer':
      return decideDeclineTransfer(state, command, ctx);
    case 'CloseCase':
      return decideCloseCase(state, command, ctx);
    case 'ReopenCase':
      return decideReopenCase(state, command, ctx);
    case 'ErasePersonalData':
      return decideErasePersonalData(state, command, ctx);
  }
}
