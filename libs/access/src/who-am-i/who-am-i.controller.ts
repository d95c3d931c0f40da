import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AgencyRegistry } from '../agencies/agency-registry';
import { CurrentPrincipal, Permission } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { WhoAmIResponseDto } from './who-am-i.response.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('v1/me')
export class WhoAmIController {
  constructor(private readonly agencies: AgencyRegistry) {}

  @Get()
  @Permission('api-key.who-am-i')
  @ApiOperation({
    summary:
      'The agency and role the API key belongs to (never the key): a console checks a key with it.',
  })
  @ApiResponse({ status: 200, type: WhoAmIResponseDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  async whoAmI(@CurrentPrincipal() principal: Principal): Promise<WhoAmIResponseDto> {
    const agency = await this.agencies.get(principal.agencyId);
    return {
      agencyId: principal.agencyId,
      agencyName: agency?.name ?? null,
      agencyType: agency?.type ?? null,
      role: principal.role,
      keyId: principal.keyId,
    };
  }
}
