import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Sealed } from '@app/crypto';
import { canSeeCase, CaseNotFoundError } from '@app/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@app/event-store';
import { CaseAccessLog } from '../shared/case-access-log';
import { CaseRepository, caseStreamId } from '../shared/case-repository';
import { PersonalDataReader } from '../shared/personal-data-reader';
import { CaseHistoryPage, CaseHistoryQuery, HistoryItem } from './case-history.query';

interface OpenedData {
  victim?: { personal?: Sealed | null };
}

@QueryHandler(CaseHistoryQuery)
export class CaseHistoryHandler implements IQueryHandler<CaseHistoryQuery> {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly personalData: PersonalDataReader,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async execute({
    caseId,
    principal,
    fromVersion,
    limit,
  }: CaseHistoryQuery): Promise<CaseHistoryPage> {
    // Who may see the case is decided on its current state; only the page asked for is read.
    const { state: current } = await this.cases.loadCurrent(caseId);
    if (!current || !canSeeCase(current, principal.agencyId, principal.role))
      throw new CaseNotFoundError();
    const read: RecordedEvent[] = [];
    for await (const event of this.store.readStream(caseStreamId(caseId), {
      fromVersion,
      limit: limit + 1,
    })) {
      read.push(event);
    }
    const page = read.slice(0, limit);
    const mayRead = this.personalData.mayRead(current, principal);
    let revealed = false;
    const items: HistoryItem[] = [];
    for (const event of page) {
      const data = await this.resolvePersonal(caseId, event, mayRead);
      revealed ||= data.revealed;
      items.push({
        version: event.version,
        eventId: event.eventId,
        type: event.type,
        recordedAt: event.metadata.recordedAt,
        actor: event.metadata.actor ?? null,
        data: data.value,
        hash: event.hash,
        prevHash: event.prevHash,
      });
    }
    await this.accessLog.record(caseId, principal, 'read-history', revealed);
    const last = page.at(-1);
    return { items, nextFromVersion: last && read.length > limit ? last.version + 1 : null };
  }

  /** The sealed envelope never leaves the service: it becomes the cleartext, or null. */
  private async resolvePersonal(
    caseId: string,
    event: RecordedEvent,
    mayRead: boolean,
  ): Promise<{ value: unknown; revealed: boolean }> {
    const data = event.data as OpenedData;
    if (event.type !== 'case.opened.v1' || !data.victim?.personal)
      return { value: event.data, revealed: false };
    const personal = mayRead ? await this.personalData.open(caseId, data.victim.personal) : null;
    return {
      value: { ...data, victim: { ...data.victim, personal } },
      revealed: personal !== null,
    };
  }
}
