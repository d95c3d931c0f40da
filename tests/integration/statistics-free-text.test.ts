import { v7 as uuidv7 } from 'uuid';
import { Actor } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { victimStatistics } from '../../libs/statistics/src/queries/victim-statistics';
import {
  openCaseCommand,
  recordedCase,
  statisticsDatabase,
} from '../support/statistics-projection';

const LEAD: Actor = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' };
const AT = Date.parse('2026-03-02T09:00:00Z');
const JANUARY = Date.parse('2026-01-12T09:00:00Z');
const ALL_TIME = { from: null, to: null };

/**
 * The district is typed by whoever opens the case: a value carried by fewer than k cases is
 * counted as `other` in the victims statistics, so that a misspelling or an address typed as a
 * district never appears as a key, withheld count or not.
 */
describe('free text in the statistics', () => {
  const { sql, projection } = statisticsDatabase('free_text');
  /** Identified in March, but for two of Kasur's cases: three in March, five in all. */
  const CASES: Array<{ district: string; at: number }> = [
    ...Array.from({ length: 6 }, () => ({ district: 'Lahore', at: AT })),
    ...Array.from({ length: 5 }, (_, i) => ({ district: 'Kasur', at: i < 2 ? JANUARY : AT })),
    { district: 'House 12, Mohalla Qasimabad', at: AT },
    { district: 'lahore ', at: AT },
    { district: 'lahore ', at: AT },
  ];

  beforeAll(async () => {
    let position = 1;
    const events: RecordedEvent[] = [];
    for (const { district, at } of CASES) {
      const caseId = uuidv7();
      const opened = recordedCase(
        [
          {
            at,
            actor: LEAD,
            command: {
              ...openCaseCommand(caseId, at - 3_600_000, ['forced-labour', 'domestic-servitude']),
              location: { province: 'punjab', district },
            } as ReturnType<typeof openCaseCommand>,
          },
        ],
        position,
      );
      position += opened.length;
      events.push(...opened);
    }
    await projection().handleBatch(events);
  });

  it('counts a district fewer than k cases carry as other, below the threshold', async () => {
    const answer = await victimStatistics(sql(), ALL_TIME, ['district'], 5);
    expect(answer.items.map((item) => item.district)).toEqual(['Kasur', 'Lahore', 'other']);
    expect(answer.total).toBe(CASES.length);
    // other (3) is small, and Kasur (5) its complement against the published total.
    expect(answer.items.map((item) => item.count)).toEqual([null, 6, null]);
    expect(JSON.stringify(answer)).not.toMatch(/House|Mohalla|lahore /);
  });

  it('recodes over all time, whatever the period asked for', async () => {
    // Kasur has three cases in March, fewer than k, and is still a district of its own.
    const march = { from: '2026-03-01', to: '2026-03-31' };
    const answer = await victimStatistics(sql(), march, ['province', 'district'], 5);
    expect(answer.items.map((item) => item.district)).toEqual(['Kasur', 'Lahore', 'other']);
    expect(answer.total).toBe(CASES.length - 2);
  });

  it('recodes in the counts per form of exploitation as well', async () => {
    const answer = await victimStatistics(sql(), ALL_TIME, ['exploitationType', 'district'], 5);
    expect(answer.items.map((item) => [item.exploitationType, item.district])).toEqual([
      ['domestic-servitude', 'Kasur'],
      ['domestic-servitude', 'Lahore'],
      ['domestic-servitude', 'other'],
      ['forced-labour', 'Kasur'],
      ['forced-labour', 'Lahore'],
      ['forced-labour', 'other'],
    ]);
    expect(JSON.stringify(answer)).not.toMatch(/House|Mohalla|lahore /);
  });

  it('shows every value as typed where nothing is withheld (auditors, k = 1)', async () => {
    const answer = await victimStatistics(sql(), ALL_TIME, ['district'], 1);
    expect(answer.items).toEqual([
      { district: 'House 12, Mohalla Qasimabad', count: 1, suppressed: false },
      { district: 'Kasur', count: 5, suppressed: false },
      { district: 'Lahore', count: 6, suppressed: false },
      { district: 'lahore ', count: 2, suppressed: false },
    ]);
  });
});
