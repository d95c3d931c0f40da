import { DecisionContext } from '../../actor';
import { CLOSURE_REASONS } from '../../codes';
import { InvalidStateTransitionError } from '../../errors';
import { requireLeadAgency } from '../case.rules';
import { CaseState } from '../case.state';
import { requireCode, requireText } from '../case.validation';
import { CloseCase, ReopenCase } from './closure.commands';
import { CaseClosed, CaseReopened } from './closure.events';

/** A closed case refuses CloseCase before it gets here (see case.decide). */
export function decideCloseCase(
  state: CaseState,
  command: CloseCase,
  ctx: DecisionContext,
): CaseClosed[] {
  requireLeadAgency(state, ctx.actor, 'close the case');
  return [
    {
      type: 'case.closed.v1',
      data: { reason: requireCode(CLOSURE_REASONS, command.reason, 'reason'), closedAt: ctx.now },
    },
  ];
}

export function decideReopenCase(
  state: CaseState,
  command: ReopenCase,
  ctx: DecisionContext,
): CaseReopened[] {
  requireLeadAgency(state, ctx.actor, 'reopen the case');
  const reason = requireText(command.reason, 'reason');
  if (state.status === 'open') {
    throw new InvalidStateTransitionError('The case is already open');
  }
  return [{ type: 'case.reopened.v1', data: { reason, reopenedAt: ctx.now } }];
}
