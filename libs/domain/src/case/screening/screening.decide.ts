import { DecisionContext } from '../../actor';
import { CRIME_TYPES, TRAFFICKING_STATUSES, TraffickingStatus } from '../../codes';
import { BusinessRuleViolationError } from '../../errors';
import { addDays } from '../../time';
import { requireLeadAgency } from '../case.rules';
import { CaseState } from '../case.state';
import { optionalText, requireCode, requireTextList } from '../case.validation';
import { RecordScreening } from './screening.commands';
import { ScreeningEvent } from './screening.events';

/**
 * Conclusive grounds are final; screening never returns a person to `unassessed`, and a person
 * found not to be a victim may be screened again when new facts come up.
 */
const NEXT_STATUSES: Record<TraffickingStatus, readonly TraffickingStatus[]> = {
  unassessed: ['possible', 'actual', 'not-a-victim'],
  possible: ['possible', 'actual', 'not-a-victim'],
  'not-a-victim': ['possible', 'actual', 'not-a-victim'],
  actual: ['actual'],
};

export function decideRecordScreening(
  state: CaseState,
  command: RecordScreening,
  ctx: DecisionContext,
): ScreeningEvent[] {
  requireLeadAgency(state, ctx.actor, 'record a screening');
  const status = requireCode(TRAFFICKING_STATUSES, command.traffickingStatus, 'traffickingStatus');
  const crimeType =
    command.crimeType === undefined
      ? state.crimeType
      : requireCode(CRIME_TYPES, command.crimeType, 'crimeType');
  const indicators =
    command.indicators === undefined ? [] : requireTextList(command.indicators, 'indicators');
  const notes = optionalText(command.notes, 'notes');
  if (!NEXT_STATUSES[state.traffickingStatus].includes(status)) {
    throw new BusinessRuleViolationError(
      `Screening cannot move the trafficking status from ${state.traffickingStatus} to ${status}`,
      'traffickingStatus',
    );
  }

  const events: ScreeningEvent[] = [
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
      data: { startedAt: ctx.now, endsAt: addDays(ctx.now, ctx.reflectionPeriodDays) },
    });
  }
  return events;
}
