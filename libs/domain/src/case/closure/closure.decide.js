'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideCloseCase = decideCloseCase;
exports.decideReopenCase = decideReopenCase;
const codes_1 = require('../../codes');
const errors_1 = require('../../errors');
const case_rules_1 = require('../case.rules');
const case_validation_1 = require('../case.validation');
function decideCloseCase(state, command, ctx) {
  (0, case_rules_1.requireLeadAgency)(state, ctx.actor, 'close the case');
  const reason = (0, case_validation_1.requireCode)(
    codes_1.CLOSURE_REASONS,
    command.reason,
    'reason',
  );
  if (state.status === 'closed') {
    throw new errors_1.InvalidStateTransitionError('The case is already closed');
  }
  return [{ type: 'case.closed.v1', data: { reason, closedAt: ctx.now } }];
}
function decideReopenCase(state, command, ctx) {
  (0, case_rules_1.requireLeadAgency)(state, ctx.actor, 'reopen the case');
  const reason = (0, case_validation_1.requireText)(command.reason, 'reason');
  if (state.status === 'open') {
    throw new errors_1.InvalidStateTransitionError('The case is already open');
  }
  return [{ type: 'case.reopened.v1', data: { reason, reopenedAt: ctx.now } }];
}
//# sourceMappingURL=closure.decide.js.map
