import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import { CRIME_TYPES, CrimeType, TRAFFICKING_STATUSES, TraffickingStatus } from '@app/domain';
import { CODE } from '../shared/patterns';
import { FreeText } from '@app/http';

export class RecordScreeningRequestDto {
  @ApiProperty({ enum: TRAFFICKING_STATUSES, example: 'possible' })
  @IsIn(TRAFFICKING_STATUSES)
  traffickingStatus!: TraffickingStatus;

  @ApiPropertyOptional({ enum: CRIME_TYPES, description: 'Reclassifies the case when it differs' })
  @IsOptional()
  @IsIn(CRIME_TYPES)
  crimeType?: CrimeType;

  @ApiPropertyOptional({ type: [String], example: ['debt-bondage'] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: 'each indicator must be a kebab-case code' })
  @Length(1, 64, { each: true })
  indicators?: string[];

  @ApiPropertyOptional({
    description: 'Screening notes. Do not write identities here.',
    maxLength: 4000,
  })
  @IsOptional()
  @FreeText()
  @IsString()
  @Length(1, 4000)
  notes?: string;
}
