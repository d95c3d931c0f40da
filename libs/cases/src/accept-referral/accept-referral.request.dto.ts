import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { FreeText } from '@app/http';

export class AcceptReferralRequestDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @FreeText()
  @IsString()
  @Length(1, 2000)
  note?: string;
}
