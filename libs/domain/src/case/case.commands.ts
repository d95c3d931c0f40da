import { AssistanceCommand } from './assistance/assistance.commands';
import { ClosureCommand } from './closure/closure.commands';
import { RecordConsent } from './consent/consent.commands';
import { ErasePersonalData } from './erasure/erasure.commands';
import { OpenCase } from './opening/opening.commands';
import { ReferralCommand } from './referral/referral.commands';
import { RecordScreening } from './screening/screening.commands';
import { TransferCommand } from './transfer/transfer.commands';

export type CaseCommand =
  | OpenCase
  | RecordScreening
  | RecordConsent
  | ReferralCommand
  | AssistanceCommand
  | TransferCommand
  | ClosureCommand
  | ErasePersonalData;

export type CaseCommandType = CaseCommand['type'];

export type CaseCommandOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>;
