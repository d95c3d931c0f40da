import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';
import { CaseIntegrityResponseDto } from './case-integrity.response.dto';

export class CaseIntegrityQuery extends Query<CaseIntegrityResponseDto> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
