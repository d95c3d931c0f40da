import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { InvalidRequestError } from '@app/http';
import { CaseHeadersInterceptor } from '../shared/case-headers.interceptor';
import { uuidParam } from '../shared/uuid-param.pipe';
import { CaseResponseDto } from './case.response.dto';
import { GetCaseRequestDto } from './get-case.request.dto';
import { GetCaseQuery } from './get-case.query';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases/:caseId')
export class GetCaseController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('case.read')
  @UseInterceptors(new CaseHeadersInterceptor())
  @ApiOperation({
    summary:
      "The case's current state, or replayed to ?version=N or ?asOf=<timestamp>. Always consistent with the last write.",
  })
  @ApiResponse({
    status: 200,
    type: CaseResponseDto,
    description: 'The case; ETag carries its version',
  })
  @ApiResponse({ status: 400, description: 'Bad id or query' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({
    status: 404,
    description: 'No such case, not visible to your agency, or not yet at that point',
  })
  async get(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Query() query: GetCaseRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaseResponseDto> {
    if (query.version !== undefined && query.asOf !== undefined) {
      throw new InvalidRequestError('Give either version or asOf, not both.', [
        { field: 'version', message: 'must not be combined with asOf' },
        { field: 'asOf', message: 'must not be combined with version' },
      ]);
    }
    return this.queries.execute(
      new GetCaseQuery(
        caseId,
        principal,
        { version: query.version, asOf: query.asOf ? new Date(query.asOf) : undefined },
        query.personal === 'omit',
      ),
    );
  }
}
