import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ASSISTANCE_DECISIONS, AssistanceDecision, PROVINCES, Province } from '@app/domain';
import { FreeText } from '@app/http';

export class LocationDto {
  @ApiProperty({ enum: PROVINCES, example: 'islamabad-capital-territory' })
  @IsIn(PROVINCES)
  province!: Province;

  @ApiProperty({ example: 'Islamabad' })
  @IsString()
  @Length(1, 100)
  district!: string;
}

/** Personal data: encrypted with the case's own key before it is stored, erasable. */
export class PersonalDataDto {
  @ApiPropertyOptional({ example: 'Full name as given' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fullName?: string;

  @ApiPropertyOptional({
    description: 'CNIC, 13 digits with or without dashes',
    example: '35202-1234567-1',
  })
  @IsOptional()
  @Matches(/^\d{5}-?\d{7}-?\d$/, { message: 'must be 13 digits, optionally as 12345-1234567-1' })
  cnic?: string;

  @ApiPropertyOptional({ example: '+92 300 1234567' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{5,32}$/, { message: 'must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'House 1, Street 2, Lahore' })
  @IsOptional()
  @FreeText()
  @IsString()
  @Length(1, 500)
  address?: string;

  @ApiPropertyOptional({ example: '1999-04-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  dateOfBirth?: string;
}

/** A decision on what a case receives, with its reasons (assistance, protection). */
export class DecisionWithRationaleDto {
  @ApiProperty({ enum: ASSISTANCE_DECISIONS })
  @IsIn(ASSISTANCE_DECISIONS)
  decision!: AssistanceDecision;

  @ApiProperty({ maxLength: 4000 })
  @FreeText()
  @IsString()
  @Length(1, 4000)
  rationale!: string;
}
