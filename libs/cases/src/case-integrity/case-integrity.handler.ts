import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { notificationStreamOf } from '@app/audit-trail';
import { canSeeCase, CaseNotFoundError, seesEveryCase } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { caseStreamId, CaseRepository } from '../shared/case-repository';
import { CaseIntegrityQuery } from './case-integrity.query';
import { CaseIntegrityResponseDto, StreamIntegrityDto } from './case-integrity.response.dto';

/**
 * Walks the case's hash chain and its notifications stream's. A stream changed so that it no
 * longer replays is still checked for those who see every case (auditors, admins); an agency
 * that cannot be shown to see it is answered as for any case it does not see.
 */
@QueryHandler(CaseIntegrityQuery)
export class CaseIntegrityHandler implements IQueryHandler<CaseIntegrityQuery> {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caseId, principal }: CaseIntegrityQuery): Promise<CaseIntegrityResponseDto> {
    if (!(await this.visible(caseId, principal))) throw new CaseNotFoundError();
    const [ofCase, ofNotifications] = await Promise.all([
      this.verify(caseStreamId(caseId)),
      this.verify(notificationStreamOf(caseId)),
    ]);
    return {
      valid: ofCase.valid && ofNotifications.valid,
      eventsChecked: ofCase.eventsChecked,
      headHash: ofCase.headHash,
      ...(ofCase.firstInvalidVersion !== undefined
        ? { firstInvalidVersion: ofCase.firstInvalidVersion }
        : {}),
      case: ofCase,
      notifications: ofNotifications,
    };
  }

  private async visible(caseId: string, principal: Principal): Promise<boolean> {
    // The store decides whether there is a case at all, never what this process remembers of it.
    if ((await this.store.streamVersion(caseStreamId(caseId))) === 0) return false;
    if (seesEveryCase(principal.agencyId, principal.role)) return true;
    const { state } = await this.cases.loadCurrent(caseId).catch(() => ({ state: null }));
    return state !== null && canSeeCase(state, principal.agencyId, principal.role);
  }

  private async verify(streamId: string): Promise<StreamIntegrityDto> {
    return { streamId, ...(await this.store.verifyStream(streamId)) };
  }
}
