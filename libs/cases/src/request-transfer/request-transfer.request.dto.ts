import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { CODE } from '../open-case/open-case.request.dto';

export class RequestTransferRequestDto {
  @ApiProperty({ example: 'swd-punjab' })
  @Matches(CODE, { message: 'must be an agency id' })
  @Length(1, 64)
  toAgencyId!: string;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export class RequestTransferResponseDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'uuid' })
  transferId!: string;
}
