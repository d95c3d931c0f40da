import { v7 as uuidv7 } from 'uuid';
import { Service } from '@app/domain';
import { htcdsExport } from '../../libs/statistics/src/export/htcds';
import { inSnapshot } from '../../libs/statistics/src/queries/snapshot';
import {
  CaseStep,
  consentCommand,
  openCaseCommand,
  recordedCase,
  statisticsDatabase,
} from '../support/statistics-projection';

const LEAD = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' as const };
const SHELTER = { agencyId: 'shelter-lahore', officerId: 's-1', role: 'officer' as const };
const HOUR = 3_600_000;
const OPENED = Date.parse('2026-03-10T08:00:00.000Z');

/** A case referred to the shelter for `services`, then `then` (the shelter's answers). */
function referredCase(
  position: number,
  services: Service[],
  then: (referralId: string) => CaseStep['command'][],
) {
  const caseId = uuidv7();
  const referralId = uuidv7();
  const commands: CaseStep['command'][] = [
    openCaseCommand(caseId, OPENED - HOUR, ['forced-labour', 'sexual-exploitation']),
    consentCommand(SHELTER.agencyId),
    {
      type: 'RequestReferral',
      referralId,
      toAgencyId: SHELTER.agencyId,
      services,
      urgency: 'routine',
      reason: 'a safe place',
    },
    { type: 'AcknowledgeReferral', referralId },
    ...then(referralId),
  ];
  return recordedCase(
    commands.map((command, i) => ({
      at: OPENED + i * HOUR,
      actor: i < 3 ? LEAD : SHELTER,
      command,
    })),
    position,
  );
}

describe('the HTCDS export', () => {
  const { sql, projection } = statisticsDatabase('htcds_export');

  it('reports the services received: delivered by completed referrals, given by accepted ones', async () => {
    await projection().handleBatch([
      ...referredCase(100, ['shelter', 'medical', 'legal-aid'], (referralId) => [
        { type: 'AcceptReferral', referralId },
        {
          type: 'CompleteReferral',
          referralId,
          outcome: 'successful',
          servicesDelivered: ['shelter'],
        },
      ]),
      ...referredCase(200, ['medical'], (referralId) => [{ type: 'AcceptReferral', referralId }]),
      ...referredCase(300, ['legal-aid'], (referralId) => [
        { type: 'DeclineReferral', referralId, reason: 'no-capacity' },
      ]),
    ]);
    const exported = await inSnapshot(sql(), (db) =>
      htcdsExport(db, { from: '2026-03-10', to: '2026-03-10' }, 1),
    );
    expect(exported.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(exported.rows.map((row) => row.sr_ServicesReceived).sort()).toEqual([
      '',
      'medical',
      'shelter',
    ]);
    expect(exported.rows.map((row) => row.vic_TypeOfExploitation)).toEqual([
      'Both',
      'Both',
      'Both',
    ]);
    expect(exported.rows[0].sr_ExploitationType).toBe('forced-labour;sexual-exploitation');
  });
});
