import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgencyRegistry } from '../agencies/agency-registry';
import { Permission } from '../auth/auth.decorators';
import { AgencyListResponseDto } from './list-agencies.response.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/agencies')
export class ListAgenciesController {
  constructor(private readonly agencies: AgencyRegistry) {}

  @Get()
  @Permission('agency.list')
  @ApiOperation({
    summary: 'The agencies of the referral mechanism (never their webhook secrets).',
  })
  @ApiResponse({ status: 200, type: AgencyListResponseDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  async list(): Promise<AgencyListResponseDto> {
    return { items: await this.agencies.list() };
  }
}
