import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/access';
import { uuidParam } from '../shared/uuid-param.pipe';
import { CaseAccessLogQuery } from './case-access-log.query';
import { CaseAccessLogRequestDto } from './case-access-log.request.dto';
import { CaseAccessLogPageDto } from './case-access-log.response.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/cases/:caseId/access-log')
export class CaseAccessLogController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('case.read-access-log')
  @ApiOperation({
    summary:
      "Every read of the case's detail, history, referral path or audit bundle, by anyone, oldest first: who, when, what, whether personal data was shown, and the purpose given. Append-only. Auditors only, with X-Purpose.",
  })
  @ApiResponse({ status: 200, type: CaseAccessLogPageDto })
  @ApiResponse({ status: 400, description: 'Bad id, cursor or limit, or no X-Purpose' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: 'Not an auditor key' })
  @ApiResponse({ status: 404, description: 'No such case' })
  list(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Query() query: CaseAccessLogRequestDto,
  ): Promise<CaseAccessLogPageDto> {
    return this.queries.execute(new CaseAccessLogQuery(caseId, query.cursor, query.limit ?? 100));
  }
}
