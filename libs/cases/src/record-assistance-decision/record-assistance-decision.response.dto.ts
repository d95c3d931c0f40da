import { ApiProperty } from '@nestjs/swagger';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';

export class RecordAssistanceDecisionResponseDto extends CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  decisionId!: string;
}
