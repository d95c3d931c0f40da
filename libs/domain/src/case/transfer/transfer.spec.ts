import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
  TransferNotFoundError,
} from '../../errors';
import { CaseEvent } from '../case.events';
import { replay } from '../case.evolve';
import {
  caseClosed,
  caseOpened,
  LEAD,
  leadOfficer,
  NGO,
  ngoOfficer,
  NOW,
  shelterOfficer,
  TRANSFER_ID,
  transferAccepted,
  transferDeclined,
  transferRequested,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';

const requestTransfer = {
  type: 'RequestTransfer',
  transferId: TRANSFER_ID,
  toAgencyId: NGO,
  reason: 'Victim relocated',
} as const;
const acceptTransfer = { type: 'AcceptTransfer', transferId: TRANSFER_ID } as const;
const declineTransfer = { type: 'DeclineTransfer', transferId: TRANSFER_ID } as const;

const pending: CaseEvent[] = [caseOpened(), transferRequested()];
const accepted: CaseEvent[] = [...pending, transferAccepted()];
const declined: CaseEvent[] = [...pending, transferDeclined()];

describe('RequestTransfer', () => {
  it('offers the case lead to another agency', () => {
    given(caseOpened())
      .when(requestTransfer)
      .then([
        {
          type: 'transfer.requested.v1',
          data: {
            transferId: TRANSFER_ID,
            fromAgencyId: LEAD,
            toAgencyId: NGO,
            reason: 'Victim relocated',
            requestedAt: NOW,
          },
        },
      ]);
  });

  it('allows a new offer once the previous one was declined', () => {
    given(...declined)
      .when({ ...requestTransfer, transferId: 'transfer-2' })
      .then([
        {
          type: 'transfer.requested.v1',
          data: {
            transferId: 'transfer-2',
            fromAgencyId: LEAD,
            toAgencyId: NGO,
            reason: 'Victim relocated',
            requestedAt: NOW,
          },
        },
      ]);
  });

  it('refuses a second pending transfer', () => {
    given(...pending)
      .when({ ...requestTransfer, transferId: 'transfer-2' })
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses a transfer id already used', () => {
    given(...declined)
      .when(requestTransfer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses a transfer to one’s own agency', () => {
    given(caseOpened())
      .when({ ...requestTransfer, toAgencyId: LEAD })
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses an empty reason', () => {
    given(caseOpened())
      .when({ ...requestTransfer, reason: '' })
      .thenThrows(BusinessRuleViolationError);
  });

  it('belongs to the lead agency', () => {
    given(caseOpened()).when(requestTransfer, shelterOfficer).thenThrows(ForbiddenActionError);
  });

  it('is refused on a closed case', () => {
    given(caseOpened(), caseClosed()).when(requestTransfer).thenThrows(InvalidStateTransitionError);
  });
});

describe('AcceptTransfer', () => {
  it('makes the receiving agency the lead', () => {
    given(...pending)
      .when(acceptTransfer, ngoOfficer)
      .then([
        {
          type: 'transfer.accepted.v1',
          data: { transferId: TRANSFER_ID, fromAgencyId: LEAD, toAgencyId: NGO, acceptedAt: NOW },
        },
      ]);
    const state = replay(accepted);
    expect(state?.leadAgencyId).toBe(NGO);
    expect(state?.transfers[0]).toMatchObject({
      status: 'accepted',
      decidedAt: expect.any(String),
    });
  });

  it('records the reason the receiving agency gives', () => {
    given(...pending)
      .when({ ...acceptTransfer, reason: 'Victim now lives in our district' }, ngoOfficer)
      .then([
        {
          type: 'transfer.accepted.v1',
          data: {
            transferId: TRANSFER_ID,
            fromAgencyId: LEAD,
            toAgencyId: NGO,
            acceptedAt: NOW,
            reason: 'Victim now lives in our district',
          },
        },
      ]);
  });

  it('keeps the accept reason on the transfer, beside its decision', () => {
    const withReason = transferAccepted();
    withReason.data.reason = 'Victim now lives in our district';
    expect(replay([...pending, withReason])?.transfers[0]).toMatchObject({
      status: 'accepted',
      acceptReason: 'Victim now lives in our district',
    });
  });

  it('still replays an acceptance recorded before it could carry a reason', () => {
    const transfer = replay(accepted)?.transfers[0];
    expect(transfer).toMatchObject({ status: 'accepted', decidedAt: expect.any(String) });
    expect(transfer).not.toHaveProperty('acceptReason');
  });

  it('refuses an empty reason', () => {
    given(...pending)
      .when({ ...acceptTransfer, reason: ' ' }, ngoOfficer)
      .thenThrows(BusinessRuleViolationError);
  });

  it('hands lead-only actions to the new lead', () => {
    given(...accepted)
      .when({ type: 'CloseCase', reason: 'other' }, ngoOfficer)
      .then([{ type: 'case.closed.v1', data: { reason: 'other', closedAt: NOW } }]);
    given(...accepted)
      .when({ type: 'CloseCase', reason: 'other' }, leadOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['the requesting lead', leadOfficer],
    ['an unrelated agency', shelterOfficer],
  ])('is refused to %s', (_name, actor) => {
    given(...pending)
      .when(acceptTransfer, actor)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['accepted', accepted],
    ['declined', declined],
  ])('is refused on an %s transfer', (_name, events) => {
    given(...events)
      .when(acceptTransfer, ngoOfficer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('reports an unknown transfer', () => {
    given(...pending)
      .when({ ...acceptTransfer, transferId: 'nope' }, ngoOfficer)
      .thenThrows(TransferNotFoundError);
  });
});

describe('DeclineTransfer', () => {
  it('keeps the lead where it was', () => {
    given(...pending)
      .when({ ...declineTransfer, reason: 'No capacity' }, ngoOfficer)
      .then([
        {
          type: 'transfer.declined.v1',
          data: { transferId: TRANSFER_ID, declinedAt: NOW, reason: 'No capacity' },
        },
      ]);
    expect(replay(declined)?.leadAgencyId).toBe(LEAD);
  });

  it('keeps the decline reason on the transfer', () => {
    const withReason = transferDeclined();
    withReason.data.reason = 'No capacity';
    expect(replay([...pending, withReason])?.transfers[0]).toMatchObject({
      status: 'declined',
      declineReason: 'No capacity',
    });
  });

  it('is refused to the lead agency', () => {
    given(...pending)
      .when(declineTransfer, leadOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['accepted', accepted],
    ['declined', declined],
  ])('is refused on an %s transfer', (_name, events) => {
    given(...events)
      .when(declineTransfer, ngoOfficer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('reports an unknown transfer', () => {
    given(...pending)
      .when({ ...declineTransfer, transferId: 'nope' }, ngoOfficer)
      .thenThrows(TransferNotFoundError);
  });
});
