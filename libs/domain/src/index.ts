export * from './codes';
export * from './errors';
export { textViolation } from './text';
export type { Actor, DecisionContext } from './actor';
export { EventRegistry } from './event-registry';
export type { Upcaster } from './event-registry';
export type * from './case/case.state';
export type * from './case/case.events';
export type * from './case/case.commands';
export type * from './case/opening/opening.commands';
export type * from './case/opening/opening.events';
export type * from './case/screening/screening.commands';
export type * from './case/screening/screening.events';
export type * from './case/consent/consent.commands';
export type * from './case/consent/consent.events';
export type * from './case/referral/referral.commands';
export type * from './case/referral/referral.events';
export type * from './case/assistance/assistance.commands';
export type * from './case/assistance/assistance.events';
export type * from './case/transfer/transfer.commands';
export type * from './case/transfer/transfer.events';
export type * from './case/closure/closure.commands';
export type * from './case/closure/closure.events';
export type * from './case/erasure/erasure.commands';
export type * from './case/erasure/erasure.events';
export { decide, ROLES_ALLOWED } from './case/case.decide';
export { evolve, replay } from './case/case.evolve';
export { canSeeCase, canSeePersonalData, mayCommand, seesEveryCase } from './case/case.visibility';
export {
  CASE_EVENT_TYPES,
  createCaseEventRegistry,
  isCaseEventType,
  upcast,
} from './case/case.event-types';
export {
  DEFAULT_ACKNOWLEDGE_WITHIN_HOURS,
  isReferralOverdue,
} from './case/referral/referral.rules';
export { caseIdOfStream, caseStreamId } from './case/case-stream';
