import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { ReferralPath } from '@app/audit-trail';
import { uuidParam } from '../shared/uuid-param.pipe';
import { ReferralPathQuery } from './referral-path.query';
import { ReferralPathRequestDto } from './referral-path.request.dto';
import { ReferralPathResponseDto } from './referral-path.response.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases/:caseId/referral-path')
export class ReferralPathController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('case.read')
  @ApiOperation({
    summary:
      "Every hand-off of the case in order: agencies, services, decimal hours to acknowledge and to decision, overdue marks and each notification's outcome; ?asOf replays to an instant. Reads are recorded; auditors send X-Purpose.",
  })
  @ApiResponse({ status: 200, type: ReferralPathResponseDto })
  @ApiResponse({ status: 400, description: 'Bad id or query, or an auditor without X-Purpose' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({
    status: 404,
    description: 'No such case, not visible to your agency, or not yet at that instant',
  })
  path(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Query() query: ReferralPathRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ReferralPath> {
    return this.queries.execute(
      new ReferralPathQuery(caseId, principal, query.asOf ? new Date(query.asOf) : undefined),
    );
  }
}
