import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { pageRequest } from '../shared/page';
import { CaseSummaryPageDto } from './case-summary.response.dto';
import { ListCasesQuery } from './list-cases.query';
import { ListCasesRequestDto } from './list-cases.request.dto';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class ListCasesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('case.list')
  @ApiOperation({
    summary:
      'The cases your agency may see (auditors and the service administrators: all), newest first, cursor-paginated.',
  })
  @ApiResponse({ status: 200, type: CaseSummaryPageDto })
  @ApiResponse({ status: 400, description: 'Bad filter, limit or cursor' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 429, description: 'Rate limited' })
  list(
    @Query() query: ListCasesRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseSummaryPageDto> {
    return this.queries.execute(new ListCasesQuery(principal, query.status, pageRequest(query)));
  }
}
