export interface TransferRequested {
  type: 'transfer.requested.v1';
  data: {
    transferId: string;
    fromAgencyId: string;
    toAgencyId: string;
    reason: string;
    requestedAt: string;
  };
}

export interface TransferAccepted {
  type: 'transfer.accepted.v1';
  data: { transferId: string; fromAgencyId: string; toAgencyId: string; acceptedAt: string };
}

export interface TransferDeclined {
  type: 'transfer.declined.v1';
  data: { transferId: string; declinedAt: string; reason: string | null };
}

export type TransferEvent = TransferRequested | TransferAccepted | TransferDeclined;
