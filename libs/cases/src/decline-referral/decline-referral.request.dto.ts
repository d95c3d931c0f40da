import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { DECLINE_REASONS, DeclineReason } from '@app/domain';
import { FreeText } from '@app/http';

export class DeclineReferralRequestDto {
  @ApiProperty({ enum: DECLINE_REASONS })
  @IsIn(DECLINE_REASONS)
  reason!: DeclineReason;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @FreeText()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
