import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { pageRequest } from '../shared/page';
import { InboxPageDto } from './inbox-item.response.dto';
import { ListInboxQuery } from './list-inbox.query';
import { ListInboxRequestDto } from './list-inbox.request.dto';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals/inbox')
export class ListInboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Permission('referral.inbox')
  @ApiOperation({ summary: 'Referrals addressed to your agency, newest first, cursor-paginated.' })
  @ApiResponse({ status: 200, type: InboxPageDto })
  @ApiResponse({ status: 400, description: 'Bad filter, limit or cursor' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 429, description: 'Rate limited' })
  inbox(
    @Query() query: ListInboxRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InboxPageDto> {
    return this.queries.execute(new ListInboxQuery(principal, query.status, pageRequest(query)));
  }
}
