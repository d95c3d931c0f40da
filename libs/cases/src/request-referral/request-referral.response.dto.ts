import { ApiProperty } from '@nestjs/swagger';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';

export class RequestReferralResponseDto extends CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;
}
