'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideRequestTransfer = decideRequestTransfer;
exports.decideAcceptTransfer = decideAcceptTransfer;
exports.decideDeclineTransfer = decideDeclineTransfer;
const errors_1 = require('../../errors');
const case_rules_1 = require('../case.rules');
const case_validation_1 = require('../case.validation');
function decideRequestTransfer(state, command, ctx) {
  (0, case_rules_1.requireLeadAgency)(state, ctx.actor, 'transfer the case');
  const transferId = (0, case_validation_1.requireText)(command.transferId, 'transferId');
  (0, case_rules_1.requireUnusedId)(
    state.transfers.map((transfer) => transfer.transferId),
    transferId,
    'transferId',
  );
  const toAgencyId = (0, case_validation_1.requireText)(command.toAgencyId, 'toAgencyId');
  const reason = (0, case_validation_1.requireText)(command.reason, 'reason');
  (0, case_rules_1.requireOtherAgency)(ctx.actor, toAgencyId, 'transfer');
  if (state.transfers.some((transfer) => transfer.status === 'requested')) {
    throw new errors_1.InvalidStateTransitionError('The case already has a pending transfer');
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
function decideAcceptTransfer(state, command, ctx) {
  const transfer = pendingTransferTo(state, command.transferId, ctx.actor, 'accept');
  return [
    {
      type: 'transfer.accepted.v1',
      data: {
        transferId: transfer.transferId,
        fromAgencyId: transfer.fromAgencyId,
        toAgencyId: transfer.toAgencyId,
        acceptedAt: ctx.now,
      },
    },
  ];
}
function decideDeclineTransfer(state, command, ctx) {
  const transfer = pendingTransferTo(state, command.transferId, ctx.actor, 'decline');
  return [
    {
      type: 'transfer.declined.v1',
      data: {
        transferId: transfer.transferId,
        declinedAt: ctx.now,
        reason: (0, case_validation_1.optionalText)(command.reason, 'reason'),
      },
    },
  ];
}
function pendingTransferTo(state, transferId, actor, action) {
  const transfer = (0, case_rules_1.findTransfer)(state, transferId);
  if (transfer.toAgencyId !== actor.agencyId) {
    throw new errors_1.ForbiddenActionError(`Only the receiving agency may ${action} a transfer`);
  }
  if (transfer.status !== 'requested') {
    throw new errors_1.InvalidStateTransitionError(
      `A ${transfer.status} transfer cannot be decided again`,
    );
  }
  return transfer;
}
//# sourceMappingURL=transfer.decide.js.map
