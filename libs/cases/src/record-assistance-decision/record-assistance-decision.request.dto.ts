import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Service, SERVICES } from '@app/domain';
import { DecisionWithRationaleDto } from '../shared/case-parts.dto';

export class RecordAssistanceDecisionRequestDto extends DecisionWithRationaleDto {
  @ApiProperty({ enum: SERVICES })
  @IsIn(SERVICES)
  service!: Service;
}
