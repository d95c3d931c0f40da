import { ApiProperty } from '@nestjs/swagger';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';

export class RecordProtectionMeasureResponseDto extends CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  measureId!: string;
}
