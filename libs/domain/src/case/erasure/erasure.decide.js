'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideErasePersonalData = decideErasePersonalData;
const errors_1 = require('../../errors');
const case_validation_1 = require('../case.validation');
function decideErasePersonalData(state, command, ctx) {
  const { actor } = ctx;
  const leadSupervisor = actor.role === 'supervisor' && actor.agencyId === state.leadAgencyId;
  if (!leadSupervisor && actor.role !== 'admin') {
    throw new errors_1.ForbiddenActionError(
      'Only a supervisor of the lead agency or an administrator may erase personal data',
    );
  }
  const justification = (0, case_validation_1.requireText)(command.justification, 'justification');
  if (state.victim.personalDataErased) {
    throw new errors_1.InvalidStateTransitionError(
      'The personal data of this case is already erased',
    );
  }
  return [
    {
      type: 'case.personal-data-erased.v1',
      data: {
        justification,
        erasedAt: ctx.now,
        erasedByAgencyId: actor.agencyId,
        erasedByRole: actor.role,
      },
    },
  ];
}
//# sourceMappingURL=erasure.decide.js.map
