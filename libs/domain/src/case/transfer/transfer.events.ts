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
  data: {
    transferId: string;
    fromAgencyId: string;
    toAgencyId: string;
    acceptedAt: string;
    /**
     * Added later as an optional field, so the type string stayed v1: events recorded before it,
     * and acceptances without a reason, simply lack it.
     */
    reason?: string;
  };
}

export interface TransferDeclined {
  type: 'transfer.declined.v1';
  data: { transferId: string; declinedAt: string; reason: string | null };
}

export type TransferEvent = TransferRequested | TransferAccepted | TransferDeclined;
