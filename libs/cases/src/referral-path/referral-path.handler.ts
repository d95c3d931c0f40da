import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  asStoredEvent,
  notificationStreamOf,
  ReferralPath,
  referralPath,
  StoredEvent,
} from '@app/audit-trail';
import { canSeeCase, CaseNotFoundError } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CaseAccessLog } from '../shared/case-access-log';
import { CaseRepository } from '../shared/case-repository';
import { CaseNotAtPointError } from '../shared/case.errors';
import { ReferralPathQuery } from './referral-path.query';

/** Derived from the case's stream and its notifications stream alone, as the audit CLI does. */
@QueryHandler(ReferralPathQuery)
export class ReferralPathHandler implements IQueryHandler<ReferralPathQuery> {
  constructor(
    private readonly cases: CaseRepository,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async execute({ caseId, principal, asOf }: ReferralPathQuery): Promise<ReferralPath> {
    const { current, events, headVersion } = await this.cases.load(caseId);
    if (!current || !canSeeCase(current, principal.agencyId, principal.role)) {
      throw new CaseNotFoundError();
    }
    const notifications: StoredEvent[] = [];
    for await (const event of this.store.readStream(notificationStreamOf(caseId))) {
      notifications.push(asStoredEvent(event));
    }
    const path = referralPath(caseId, events.map(asStoredEvent), notifications, asOf);
    if (path.version === 0) throw new CaseNotAtPointError(headVersion);
    await this.accessLog.record(caseId, principal, 'read-referral-path', false);
    return path;
  }
}
