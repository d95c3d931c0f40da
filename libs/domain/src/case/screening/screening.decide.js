'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideRecordScreening = decideRecordScreening;
const codes_1 = require('../../codes');
const errors_1 = require('../../errors');
const time_1 = require('../../time');
const case_rules_1 = require('../case.rules');
const case_validation_1 = require('../case.validation');
const NEXT_STATUSES = {
  unassessed: ['possible', 'actual', 'not-a-victim'],
  possible: ['possible', 'actual', 'not-a-victim'],
  'not-a-victim': ['possible', 'actual', 'not-a-victim'],
  actual: ['actual'],
};
function decideRecordScreening(state, command, ctx) {
  (0, case_rules_1.requireLeadAgency)(state, ctx.actor, 'record a screening');
  const status = (0, case_validation_1.requireCode)(
    codes_1.TRAFFICKING_STATUSES,
    command.traffickingStatus,
    'traffickingStatus',
  );
  const crimeType =
    command.crimeType === undefined
      ? state.crimeType
      : (0, case_validation_1.requireCode)(codes_1.CRIME_TYPES, command.crimeType, 'crimeType');
  const indicators =
    command.indicators === undefined
      ? []
      : (0, case_validation_1.requireTextList)(command.indicators, 'indicators');
  const notes = (0, case_validation_1.optionalText)(command.notes, 'notes');
  if (!NEXT_STATUSES[state.traffickingStatus].includes(status)) {
    throw new errors_1.BusinessRuleViolationError(
      `Screening cannot move the trafficking status from ${state.traffickingStatus} to ${status}`,
      'traffickingStatus',
    );
  }
  const events = [
    {
      type: 'case.screened.v1',
      data: {
        traffickingStatus: status,
        previousStatus: state.traffickingStatus,
        indicators,
        notes,
        screenedAt: ctx.now,
      },
    },
  ];
  if (crimeType !== state.crimeType) {
    events.push({
      type: 'case.reclassified.v1',
      data: { from: state.crimeType, to: crimeType, reclassifiedAt: ctx.now },
    });
  }
  if (status === 'possible' && state.reflectionPeriod === null) {
    events.push({
      type: 'reflection-period.started.v1',
      data: { startedAt: ctx.now, endsAt: (0, time_1.addDays)(ctx.now, ctx.reflectionPeriodDays) },
    });
  }
  return events;
}
//# sourceMappingURL=screening.decide.js.map
