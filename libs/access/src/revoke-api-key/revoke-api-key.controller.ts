import { Controller, Delete, HttpCode, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/http';
import { ApiKeyService } from '../api-keys/api-key.service';
import { Permission } from '../auth/auth.decorators';

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
  @ApiResponse({ status: 404, description: 'No such key' })
  async revoke(
    @Param(
      'keyId',
      new ParseUUIDPipe({
        exceptionFactory: () => ProblemException.of(400, 'keyId must be a UUID'),
      }),
    )
    keyId: string,
  ): Promise<{ keyId: string; revoked: true }> {
    if (!(await this.apiKeys.revoke(keyId)) && !(await this.apiKeys.exists(keyId))) {
      throw ProblemException.of(404, 'No such API key.');
    }
    return { keyId, revoked: true };
  }
}
