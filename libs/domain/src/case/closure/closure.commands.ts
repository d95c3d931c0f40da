import { ClosureReason } from '../../codes';

export interface CloseCase {
  type: 'CloseCase';
  reason: ClosureReason;
}

export interface ReopenCase {
  type: 'ReopenCase';
  reason: string;
}

export type ClosureCommand = CloseCase | ReopenCase;
