import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemException } from '@app/http';
import { AgencyRegistry } from '../agencies/agency-registry';
import { ApiKeyService } from '../api-keys/api-key.service';
import { Permission } from '../auth/auth.decorators';
import { IssueApiKeyRequestDto, IssueApiKeyResponseDto } from './issue-api-key.request.dto';

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/admin/api-keys')
export class IssueApiKeyController {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly agencies: AgencyRegistry,
  ) {}

  @Post()
  @HttpCode(201)
  @Permission('api-key.issue')
  @ApiOperation({
    summary: 'Issue an API key for an agency and role (admin). The key is shown once.',
  })
  @ApiResponse({ status: 201, type: IssueApiKeyResponseDto })
  @ApiResponse({ status: 400, description: 'Invalid body' })
  @ApiResponse({ status: 403, description: 'Not an admin key' })
  @ApiResponse({ status: 422, description: 'Unknown agency' })
  async issue(@Body() body: IssueApiKeyRequestDto): Promise<IssueApiKeyResponseDto> {
    if (!(await this.agencies.exists(body.agencyId))) {
      throw ProblemException.of(422, 'The agency is not registered.', {
        errors: [{ field: 'agencyId', message: 'unknown agency' }],
      });
    }
    return this.apiKeys.issue(body.agencyId, body.role, body.label);
  }
}
