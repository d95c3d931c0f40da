import { AssistanceEvent } from './assistance/assistance.events';
import { ClosureEvent } from './closure/closure.events';
import { ConsentEvent } from './consent/consent.events';
import { PersonalDataErased } from './erasure/erasure.events';
import { CaseOpened } from './opening/opening.events';
import { ReferralEvent } from './referral/referral.events';
import { ScreeningEvent } from './screening/screening.events';
import { TransferEvent } from './transfer/transfer.events';

/** Every event of a case stream, discriminated by its stored, versioned type string. */
export type CaseEvent =
  | CaseOpened
  | ScreeningEvent
  | ConsentEvent
  | ReferralEvent
  | AssistanceEvent
  | TransferEvent
  | ClosureEvent
  | PersonalDataErased;

export type CaseEventType = CaseEvent['type'];

export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;
