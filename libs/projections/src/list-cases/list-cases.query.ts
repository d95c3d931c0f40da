import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { CaseStatus } from '@app/domain';
import { PageRequest } from '../shared/page';
import { CaseSummaryPageDto } from './case-summary.response.dto';

export class ListCasesQuery extends Query<CaseSummaryPageDto> {
  constructor(
    readonly principal: Principal,
    readonly status: CaseStatus | undefined,
    readonly page: PageRequest,
  ) {
    super();
  }
}
