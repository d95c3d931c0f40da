export interface RequestTransfer {
  type: 'RequestTransfer';
  transferId: string;
  toAgencyId: string;
  reason: string;
}

export interface AcceptTransfer {
  type: 'AcceptTransfer';
  transferId: string;
  reason?: string;
}

export interface DeclineTransfer {
  type: 'DeclineTransfer';
  transferId: string;
  reason?: string;
}

export type TransferCommand = RequestTransfer | AcceptTransfer | DeclineTransfer;
