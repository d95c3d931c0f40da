import { ApiProperty } from '@nestjs/swagger';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';

export class RecordConsentResponseDto extends CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  consentId!: string;
}
