import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { seesEveryCase } from '@app/domain';
import { CaseSummariesReadModel } from '../case-summaries/case-summaries.read-model';
import { CaseSummaryPageDto } from './case-summary.response.dto';
import { ListCasesQuery } from './list-cases.query';

/** The cases the caller's agency may see: auditors and the service's administrators see all. */
@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(private readonly summaries: CaseSummariesReadModel) {}

  execute({ principal, status, page }: ListCasesQuery): Promise<CaseSummaryPageDto> {
    return this.summaries.list(
      {
        agencyId: principal.agencyId,
        seesEveryCase: seesEveryCase(principal.agencyId, principal.role),
        status,
      },
      page,
    );
  }
}
