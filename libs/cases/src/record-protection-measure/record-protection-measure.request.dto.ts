import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import {
  ASSISTANCE_DECISIONS,
  AssistanceDecision,
  PROTECTION_MEASURES,
  ProtectionMeasure,
} from '@app/domain';
import { FreeText } from '@app/http';

export class RecordProtectionMeasureRequestDto {
  @ApiProperty({ enum: PROTECTION_MEASURES })
  @IsIn(PROTECTION_MEASURES)
  measure!: ProtectionMeasure;

  @ApiProperty({ enum: ASSISTANCE_DECISIONS })
  @IsIn(ASSISTANCE_DECISIONS)
  decision!: AssistanceDecision;

  @ApiProperty({ maxLength: 4000 })
  @FreeText()
  @IsString()
  @Length(1, 4000)
  rationale!: string;
}
