import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PROTECTION_MEASURES, ProtectionMeasure } from '@app/domain';
import { DecisionWithRationaleDto } from '../shared/case-parts.dto';

export class RecordProtectionMeasureRequestDto extends DecisionWithRationaleDto {
  @ApiProperty({ enum: PROTECTION_MEASURES })
  @IsIn(PROTECTION_MEASURES)
  measure!: ProtectionMeasure;
}
