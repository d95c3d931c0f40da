import { InvalidEventSequenceError } from '../../errors';
import { CaseState, TransferState } from '../case.state';
import { TransferAccepted, TransferDeclined, TransferRequested } from './transfer.events';

export function onTransferRequested(state: CaseState, { data }: TransferRequested): CaseState {
  const transfer: TransferState = {
    transferId: data.transferId,
    fromAgencyId: data.fromAgencyId,
    toAgencyId: data.toAgencyId,
    reason: data.reason,
    status: 'requested',
    requestedAt: data.requestedAt,
  };
  return { ...state, transfers: [...state.transfers, transfer] };
}

/** The lead moves in the same step as the acceptance, so the case never has two leads or none. */
export function onTransferAccepted(state: CaseState, { data }: TransferAccepted): CaseState {
  return {
    ...updateTransfer(state, data.transferId, (transfer) => ({
      ...transfer,
      status: 'accepted',
      decidedAt: data.acceptedAt,
      ...(data.reason === undefined ? {} : { acceptReason: data.reason }),
    })),
    leadAgencyId: data.toAgencyId,
  };
}

export function onTransferDeclined(state: CaseState, { data }: TransferDeclined): CaseState {
  return updateTransfer(state, data.transferId, (transfer) => ({
    ...transfer,
    status: 'declined',
    decidedAt: data.declinedAt,
    ...(data.reason === null ? {} : { declineReason: data.reason }),
  }));
}

function updateTransfer(
  state: CaseState,
  transferId: string,
  update: (transfer: TransferState) => TransferState,
): CaseState {
  const index = state.transfers.findIndex((transfer) => transfer.transferId === transferId);
  if (index < 0) {
    throw new InvalidEventSequenceError(`Transfer ${transferId} changes before it was requested`);
  }
  return { ...state, transfers: state.transfers.with(index, update(state.transfers[index])) };
}
