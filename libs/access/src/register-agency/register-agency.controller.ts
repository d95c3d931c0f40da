import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import {
  ApplicationError,
  InvalidRequestError,
  RepliesCreatedOrUpdated,
  Upserted,
} from '@app/http';
import { OtherAgencyError } from '../access.errors';
import { AgencyRegistry } from '../agencies/agency-registry';
import { checkWebhookTarget, WebhookTargetRefusal } from '../agencies/webhook-target';
import { CurrentPrincipal, Permission } from '../auth/auth.decorators';
import { mayAdminister, Principal } from '../auth/principal';
import { AgencyResponseDto } from '../list-agencies/list-agencies.response.dto';
import { RegisterAgencyRequestDto } from './register-agency.request.dto';

const AGENCY_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/admin/agencies')
export class RegisterAgencyController {
  constructor(
    private readonly agencies: AgencyRegistry,
    private readonly config: AppConfig,
  ) {}

  @Put(':agencyId')
  @RepliesCreatedOrUpdated()
  @Permission('agency.register')
  @ApiOperation({
    summary: 'Register or update an agency (admin). Agency ids are kebab-case slugs.',
  })
  @ApiResponse({ status: 201, description: 'Registered', type: AgencyResponseDto })
  @ApiResponse({ status: 200, description: 'Updated', type: AgencyResponseDto })
  @ApiResponse({ status: 400, description: 'Invalid body or agency id' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: "Not an admin key, or another agency's" })
  @ApiResponse({ status: 422, description: 'A webhook URL this server may not send to' })
  async register(
    @Param('agencyId') agencyId: string,
    @Body() body: RegisterAgencyRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<Upserted<AgencyResponseDto>> {
    if (!AGENCY_ID.test(agencyId) || agencyId.length > 64 || agencyId === 'system') {
      throw InvalidRequestError.field(
        'agencyId',
        'must be a kebab-case slug',
        'Agency ids are kebab-case slugs of up to 64 characters.',
      );
    }
    if (!mayAdminister(principal, agencyId)) {
      throw new OtherAgencyError("An agency's admin key administers that agency only.");
    }
    if (body.notification) await this.checkTarget(body.notification.webhookUrl);
    const agency = {
      agencyId,
      name: body.name,
      type: body.type,
      province: body.province,
      services: body.services,
    };
    const created = await this.agencies.put(agency, body.notification ?? null);
    return new Upserted(agency, created);
  }

  /** Where webhooks may go (ALLOW_HTTP_WEBHOOKS, ALLOW_PRIVATE_WEBHOOK_TARGETS): else 422. */
  private async checkTarget(webhookUrl: string): Promise<void> {
    try {
      await checkWebhookTarget(webhookUrl, {
        allowHttp: this.config.ALLOW_HTTP_WEBHOOKS,
        allowPrivate: this.config.ALLOW_PRIVATE_WEBHOOK_TARGETS,
      });
    } catch (error) {
      if (!(error instanceof WebhookTargetRefusal)) throw error;
      throw new ApplicationError('business-rule-violation', `${error.message}.`, {
        errors: [{ field: 'notification.webhookUrl', message: error.message }],
      });
    }
  }
}
