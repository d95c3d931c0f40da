import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { ISO_TIMESTAMP } from '../shared/patterns';

export class GetCaseRequestDto {
  @ApiPropertyOptional({ description: 'Replay the case to this version', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  version?: number;

  @ApiPropertyOptional({
    description: 'Replay the case as it stood at this instant',
    example: '2026-11-21T10:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_TIMESTAMP, { message: 'must be an ISO 8601 timestamp with time zone' })
  @IsISO8601({ strict: true })
  asOf?: string;

  @ApiPropertyOptional({
    description:
      "`omit`: victim.personal is null even for a caller who may see it, and the access log records that no personal data was shown (the console's summary, until asked to show it)",
    enum: ['omit'],
  })
  @IsOptional()
  @IsIn(['omit'])
  personal?: 'omit';
}
