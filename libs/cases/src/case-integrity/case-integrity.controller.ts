import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { uuidParam } from '../shared/uuid-param.pipe';
import { CaseIntegrityQuery } from './case-integrity.query';
import { CaseIntegrityResponseDto } from './case-integrity.response.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases/:caseId/integrity')
export class CaseIntegrityController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('case.read')
  @ApiOperation({
    summary:
      "Verifies the hash chain of the case's stream and of its notifications stream: the first version that does not verify is named. A stream rewritten whole with a fresh chain is found only by the audit anchors (GET /v1/audit/anchors/latest/verify).",
  })
  @ApiResponse({ status: 200, type: CaseIntegrityResponseDto })
  @ApiResponse({ status: 400, description: 'Bad id, or an auditor without X-Purpose' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 404, description: 'No such case, or not visible to your agency' })
  integrity(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseIntegrityResponseDto> {
    return this.queries.execute(new CaseIntegrityQuery(caseId, principal));
  }
}
