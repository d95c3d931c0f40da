import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { uuidParam } from '../shared/uuid-param.pipe';
import { HistoryPageDto } from '../get-case/case.response.dto';
import { CaseHistoryRequestDto } from './case-history.request.dto';
import { CaseHistoryPage, CaseHistoryQuery } from './case-history.query';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases/:caseId/history')
export class CaseHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('case.read')
  @ApiOperation({
    summary: "The case's events in order, with actor and hash chain fields. Reads are recorded.",
  })
  @ApiResponse({ status: 200, type: HistoryPageDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 429, description: 'Rate limited' })
  @ApiResponse({ status: 400, description: 'Bad id or query' })
  @ApiResponse({ status: 404, description: 'No such case, or not visible to your agency' })
  history(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Query() query: CaseHistoryRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseHistoryPage> {
    return this.queries.execute(
      new CaseHistoryQuery(caseId, principal, query.fromVersion ?? 1, query.limit ?? 100),
    );
  }
}
