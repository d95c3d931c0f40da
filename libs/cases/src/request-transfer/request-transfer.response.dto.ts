import { ApiProperty } from '@nestjs/swagger';
import { CaseCommandResponseDto } from '../shared/case-command.response.dto';

export class RequestTransferResponseDto extends CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  transferId!: string;
}
