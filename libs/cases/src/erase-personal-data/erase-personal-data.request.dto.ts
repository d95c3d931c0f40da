import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ErasePersonalDataRequestDto {
  @ApiProperty({ maxLength: 2000, minLength: 10 })
  @IsString()
  @Length(10, 2000)
  justification!: string;
}
