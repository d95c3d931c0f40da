import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';
import { ISO_TIMESTAMP } from '../shared/patterns';

export class ReferralPathRequestDto {
  @ApiPropertyOptional({
    description: 'The referral path as it stood at this instant',
    example: '2026-11-21T10:00:00Z',
  })
  @IsOptional()
  @Matches(ISO_TIMESTAMP, { message: 'must be an ISO 8601 timestamp with time zone' })
  @IsISO8601({ strict: true })
  asOf?: string;
}
