import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal, refuseAgencyAdmin } from '@app/access';
import { InvalidRequestError } from '@app/http';
import {
  ProjectionRebuilds,
  REBUILD_STEPS,
  RebuildProgress,
  RebuildStep,
} from './projection-rebuilds';

export class RebuildProgressDto {
  @ApiProperty({ example: 'statistics' }) name!: string;
  @ApiProperty({ example: 'statistics.v1' }) subscription!: string;
  @ApiProperty({ enum: ['idle', 'rebuilding', 'done', 'failed'] }) state!: string;
  @ApiProperty() eventsHandled!: number;
  @ApiProperty({ nullable: true, type: Number }) eventsTotal!: number | null;
  @ApiProperty({ nullable: true, type: Number }) eventsPerSecond!: number | null;
  @ApiProperty({
    nullable: true,
    enum: REBUILD_STEPS,
    description: 'What a running rebuild is doing; null when none is.',
  })
  step!: RebuildStep | null;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) error!: string | null;
}

export class ProjectionListDto {
  @ApiProperty({ type: [RebuildProgressDto] }) items!: RebuildProgressDto[];
}

const NAME = /^[a-z][a-z-]{0,62}$/;

// Rebuilding a projection touches every agency's data.
const SERVICE_WIDE = "Projections are the service's administrators' to rebuild.";

function checked(name: string): string {
  if (!NAME.test(name))
    throw InvalidRequestError.field('name', 'is not a projection name', 'No such projection name.');
  return name;
}

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/admin/projections')
export class ProjectionsController {
  constructor(private readonly rebuilds: ProjectionRebuilds) {}

  @Get()
  @Permission('projection.rebuild')
  @ApiOperation({
    summary:
      "The projections kept from the log, and each one's last rebuild (the service's admins).",
  })
  @ApiResponse({ status: 200, type: ProjectionListDto })
  @ApiResponse({ status: 403, description: "Not the service's admin key" })
  list(@CurrentPrincipal() principal: Principal): ProjectionListDto {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    return { items: this.rebuilds.names().map((name) => this.rebuilds.status(name)) };
  }

  @Post('rebuild')
  @HttpCode(202)
  @Permission('projection.rebuild')
  @ApiOperation({
    summary:
      'Rebuilds every projection from the start of the log in one read of it, while the service runs. Answers at once; follow the progress at GET /v1/admin/projections. `npm run projections:rebuild -- --all` does both.',
  })
  @ApiResponse({ status: 202, type: ProjectionListDto })
  @ApiResponse({ status: 403, description: "Not the service's admin key" })
  @ApiResponse({ status: 409, description: 'Some projections are rebuilding already' })
  rebuildAll(@CurrentPrincipal() principal: Principal): ProjectionListDto {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    const { progress, done } = this.rebuilds.startAll();
    done.catch(() => undefined);
    return { items: progress };
  }

  @Get(':name')
  @Permission('projection.rebuild')
  @ApiOperation({ summary: 'A projection and the progress of its rebuild.' })
  @ApiResponse({ status: 200, type: RebuildProgressDto })
  @ApiResponse({ status: 403, description: "Not the service's admin key" })
  @ApiResponse({ status: 404, description: 'No such projection' })
  status(@Param('name') name: string, @CurrentPrincipal() principal: Principal): RebuildProgress {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    return this.rebuilds.status(checked(name));
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @Permission('projection.rebuild')
  @ApiOperation({
    summary:
      'Rebuilds the projection from the start of the log while the service runs (its tables refill; commands are not affected). Answers at once; follow the progress at GET /v1/admin/projections/{name}. `npm run projections:rebuild` does both.',
  })
  @ApiResponse({ status: 202, type: RebuildProgressDto })
  @ApiResponse({ status: 403, description: "Not the service's admin key" })
  @ApiResponse({ status: 404, description: 'No such projection' })
  rebuild(@Param('name') name: string, @CurrentPrincipal() principal: Principal): RebuildProgress {
    refuseAgencyAdmin(principal, SERVICE_WIDE);
    const { progress, done } = this.rebuilds.start(checked(name));
    // Its outcome is in the progress it reports; nothing waits for it here.
    done.catch(() => undefined);
    return progress;
  }
}
