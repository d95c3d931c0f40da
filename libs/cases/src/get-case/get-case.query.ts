import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { CaseResponseDto } from './case.response.dto';

export class GetCaseQuery extends Query<CaseResponseDto> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly point: { version?: number; asOf?: Date },
    /** Leave personal data out even where the caller may see it. */
    readonly omitPersonal = false,
  ) {
    super();
  }
}
