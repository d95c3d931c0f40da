import { Controller, Delete, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InvalidRequestError } from '@app/http';
import { ApiKeyNotFoundError } from '../access.errors';
import { ApiKeyService } from '../api-keys/api-key.service';
import { CurrentPrincipal, Permission } from '../auth/auth.decorators';
import { mayAdminister, Principal } from '../auth/principal';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/admin/api-keys')
export class RevokeApiKeyController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Delete(':keyId')
  @HttpCode(200)
  @Permission('api-key.revoke')
  @ApiOperation({ summary: 'Revoke an API key (admin); effective on the next request.' })
  @ApiResponse({ status: 200, description: 'Revoked (or already revoked)' })
  @ApiResponse({ status: 400, description: 'keyId is not a UUID' })
  @ApiResponse({ status: 404, description: 'No such key' })
  async revoke(
    @Param(
      'keyId',
      new ParseUUIDPipe({
        exceptionFactory: () =>
          InvalidRequestError.field('keyId', 'must be a UUID', 'keyId must be a UUID.'),
      }),
    )
    keyId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<{ keyId: string; revoked: true }> {
    const owner = await this.apiKeys.agencyOf(keyId);
    // Another agency's keys are not even acknowledged to exist.
    if (owner === null || !mayAdminister(principal, owner)) throw new ApiKeyNotFoundError();
    await this.apiKeys.revoke(keyId);
    return { keyId, revoked: true };
  }
}
