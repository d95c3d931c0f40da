import { Actor, DecisionContext } from '../../actor';
import { ForbiddenActionError, InvalidStateTransitionError } from '../../errors';
import {
  findTransfer,
  requireLeadAgency,
  requireOtherAgency,
  requireUnusedId,
} from '../case.rules';
import { CaseState, TransferState } from '../case.state';
import { optionalText, requireText } from '../case.validation';
import { AcceptTransfer, DeclineTransfer, RequestTransfer } from './transfer.commands';
import { TransferAccepted, TransferDeclined, TransferRequested } from './transfer.events';

export function decideRequestTransfer(
  state: CaseState,
  command: RequestTransfer,
  ctx: DecisionContext,
): TransferRequested[] {
  requireLeadAgency(state, ctx.actor, 'transfer the case');
  const transferId = requireText(command.transferId, 'transferId');
  requireUnusedId(
    state.transfers.map((transfer) => transfer.transferId),
    transferId,
    'transferId',
  );
  const toAgencyId = requireText(command.toAgencyId, 'toAgencyId');
  const reason = requireText(command.reason, 'reason');
  requireOtherAgency(ctx.actor, toAgencyId, 'transfer');
  // Two pending offers could both be accepted, leaving the case with two leads.
  if (state.transfers.some((transfer) => transfer.status === 'requested')) {
    throw new InvalidStateTransitionError('The case already has a pending transfer');
  }
  return [
    {
      type: 'transfer.requested.v1',
      data: {
        transferId,
        fromAgencyId: ctx.actor.agencyId,
        toAgencyId,
        reason,
        requestedAt: ctx.now,
      },
    },
  ];
}

export function decideAcceptTransfer(
  state: CaseState,
  command: AcceptTransfer,
  ctx: DecisionContext,
): TransferAccepted[] {
  const transfer = pendingTransferTo(state, command.transferId, ctx.actor, 'accept');
  const reason = optionalText(command.reason, 'reason');
  return [
    {
      type: 'transfer.accepted.v1',
      data: {
        transferId: transfer.transferId,
        fromAgencyId: transfer.fromAgencyId,
        toAgencyId: transfer.toAgencyId,
        acceptedAt: ctx.now,
        ...(reason === null ? {} : { reason }),
      },
    },
  ];
}

export function decideDeclineTransfer(
  state: CaseState,
  command: DeclineTransfer,
  ctx: DecisionContext,
): TransferDeclined[] {
  const transfer = pendingTransferTo(state, command.transferId, ctx.actor, 'decline');
  return [
    {
      type: 'transfer.declined.v1',
      data: {
        transferId: transfer.transferId,
        declinedAt: ctx.now,
        reason: optionalText(command.reason, 'reason'),
      },
    },
  ];
}

function pendingTransferTo(
  state: CaseState,
  transferId: string,
  actor: Actor,
  action: string,
): TransferState {
  const transfer = findTransfer(state, transferId);
  if (transfer.toAgencyId !== actor.agencyId) {
    throw new ForbiddenActionError(`Only the receiving agency may ${action} a transfer`);
  }
  if (transfer.status !== 'requested') {
    throw new InvalidStateTransitionError(`A ${transfer.status} transfer cannot be decided again`);
  }
  return transfer;
}
