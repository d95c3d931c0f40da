import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { FreeText } from '@app/http';

export class ErasePersonalDataRequestDto {
  @ApiProperty({ maxLength: 2000, minLength: 10 })
  @FreeText()
  @IsString()
  @Length(10, 2000)
  justification!: string;
}
