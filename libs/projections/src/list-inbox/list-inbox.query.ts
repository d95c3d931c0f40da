import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { ReferralStatus } from '@app/domain';
import { PageRequest } from '../shared/page';
import { InboxPageDto } from './inbox-item.response.dto';

export class ListInboxQuery extends Query<InboxPageDto> {
  constructor(
    readonly principal: Principal,
    readonly status: ReferralStatus | undefined,
    readonly page: PageRequest,
  ) {
    super();
  }
}
