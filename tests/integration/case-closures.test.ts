import { v7 as uuidv7 } from 'uuid';
import { caseStatistics } from '../../libs/statistics/src/queries/case-statistics';
import { inSnapshot } from '../../libs/statistics/src/queries/snapshot';
import {
  CaseStep,
  openCaseCommand,
  recordedCase,
  statisticsDatabase,
} from '../support/statistics-projection';

const LEAD = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' as const };
const at = (day: string) => Date.parse(`2026-${day}T10:00:00.000Z`);

/**
 * A case opened on 10 January, closed on 5 March (lost contact), reopened on 5 May and closed
 * again on 5 June (reintegrated): the figures of a period are those of its closures in it and
 * of the case's state at its end, whatever happened later.
 */
describe('case statistics over a case closed, reopened and closed again', () => {
  const { sql, projection } = statisticsDatabase('case_closures');

  beforeAll(async () => {
    const steps: CaseStep[] = [
      {
        at: at('01-10'),
        actor: LEAD,
        command: openCaseCommand(uuidv7(), at('01-09')),
      },
      { at: at('03-05'), actor: LEAD, command: { type: 'CloseCase', reason: 'lost-contact' } },
      { at: at('05-05'), actor: LEAD, command: { type: 'ReopenCase', reason: 'Found again' } },
      { at: at('06-05'), actor: LEAD, command: { type: 'CloseCase', reason: 'reintegrated' } },
    ];
    await projection().handleBatch(recordedCase(steps, 1));
  });

  const figures = async (from: string | null, to: string | null) => {
    const answer = await inSnapshot(sql(), (db) => caseStatistics(db, { from, to }, [], 1));
    const { opened, closed, openAtEnd, closedByReason } = answer.items[0];
    const reasons = Object.entries(closedByReason as Record<string, number>).filter(
      ([, n]) => n > 0,
    );
    return { opened, closed, openAtEnd, reasons: Object.fromEntries(reasons) };
  };

  it.each([
    ['March', '2026-03-01', '2026-03-31', 0, 1, 0, { 'lost-contact': 1 }],
    ['January to April', '2026-01-01', '2026-04-30', 1, 1, 0, { 'lost-contact': 1 }],
    // Reopened before the end: open at it, and still closed in the period.
    ['January to May', '2026-01-01', '2026-05-31', 1, 1, 1, { 'lost-contact': 1 }],
    // Closed twice in it: one case closed, by its last closure's reason.
    ['January to June', '2026-01-01', '2026-06-30', 1, 1, 0, { reintegrated: 1 }],
    ['May', '2026-05-01', '2026-05-31', 0, 0, 1, {}],
    ['everything', null, null, 1, 1, 0, { reintegrated: 1 }],
  ])('%s', async (_, from, to, opened, closed, openAtEnd, reasons) => {
    expect(await figures(from, to)).toEqual({ opened, closed, openAtEnd, reasons });
  });
});
