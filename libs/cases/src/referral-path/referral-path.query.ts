import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { ReferralPath } from '@app/audit-trail';

export class ReferralPathQuery extends Query<ReferralPath> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly asOf?: Date,
  ) {
    super();
  }
}
