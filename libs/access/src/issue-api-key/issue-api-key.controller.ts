import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentOperation, Operation, ShownOnce } from '@app/http';
import {
  ApiKeyRevokedError,
  OtherAgencyError,
  RoleNotAllowedError,
  UnknownAgencyError,
} from '../access.errors';
import { AgencyRegistry } from '../agencies/agency-registry';
import { ApiKeyService } from '../api-keys/api-key.service';
import { CurrentPrincipal, Permission } from '../auth/auth.decorators';
import { mayAdminister, mayIssueKey, Principal } from '../auth/principal';
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
  @ShownOnce('apiKey')
  @ApiOperation({
    summary: 'Issue an API key for an agency and role (admin). The key is shown once.',
    description:
      'The key is stored only as a hash. A retry with the same Idempotency-Key replays the answer without `apiKey`; a retry after an attempt whose answer was lost (never recorded) issues the same `keyId` with a new secret, so one request makes one key.',
  })
  @ApiResponse({ status: 201, type: IssueApiKeyResponseDto })
  @ApiResponse({ status: 400, description: 'Invalid body' })
  @ApiResponse({
    status: 403,
    description:
      "Not an admin key, or another agency's; or an auditor key asked for by an agency's admin (only the service's administrators issue those)",
  })
  @ApiResponse({ status: 422, description: 'Unknown agency' })
  async issue(
    @Body() body: IssueApiKeyRequestDto,
    @CurrentPrincipal() principal: Principal,
    @CurrentOperation() operation: Operation,
  ): Promise<IssueApiKeyResponseDto> {
    if (!mayAdminister(principal, body.agencyId)) {
      throw new OtherAgencyError("An agency's admin key issues keys for that agency only.");
    }
    if (!mayIssueKey(principal, body.agencyId, body.role)) {
      throw new RoleNotAllowedError(
        "Auditor keys see every case: only the service's administrators issue them.",
      );
    }
    if (!(await this.agencies.exists(body.agencyId))) {
      throw new UnknownAgencyError('agencyId');
    }
    const issued = await this.apiKeys.issue(operation, body.agencyId, body.role, body.label);
    if (!issued) {
      throw new ApiKeyRevokedError();
    }
    return issued;
  }
}
