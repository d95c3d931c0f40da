import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { CODE } from '../shared/patterns';
import { FreeText } from '@app/http';

export class RequestTransferRequestDto {
  @ApiProperty({ example: 'swd-punjab' })
  @Matches(CODE, { message: 'must be an agency id' })
  @Length(1, 64)
  toAgencyId!: string;

  @ApiProperty({ maxLength: 2000 })
  @FreeText()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
