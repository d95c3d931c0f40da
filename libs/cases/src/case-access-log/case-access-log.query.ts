import { Query } from '@nestjs/cqrs';
import { CaseAccessLogPageDto } from './case-access-log.response.dto';

export class CaseAccessLogQuery extends Query<CaseAccessLogPageDto> {
  constructor(
    readonly caseId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}
