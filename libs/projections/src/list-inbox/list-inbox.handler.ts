import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReferralInboxReadModel } from '../referral-inbox/referral-inbox.read-model';
import { InboxPageDto } from './inbox-item.response.dto';
import { ListInboxQuery } from './list-inbox.query';

/** The referrals addressed to the caller's agency. */
@QueryHandler(ListInboxQuery)
export class ListInboxHandler implements IQueryHandler<ListInboxQuery> {
  constructor(private readonly inbox: ReferralInboxReadModel) {}

  execute({ principal, status, page }: ListInboxQuery): Promise<InboxPageDto> {
    return this.inbox.list({ agencyId: principal.agencyId, status }, page);
  }
}
