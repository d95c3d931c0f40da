import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO31661Alpha2,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  AGE_GROUPS,
  AgeGroup,
  CRIME_TYPES,
  CrimeType,
  EXPLOITATION_TYPES,
  ExploitationType,
  IDENTIFICATION_SOURCES,
  IdentificationSource,
  PROVINCES,
  Province,
  Sex,
  SEXES,
} from '@app/domain';
import { FreeText } from '@app/http';

export const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

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

export class VictimDto {
  @ApiProperty({ enum: SEXES })
  @IsIn(SEXES)
  sex!: Sex;

  @ApiProperty({ enum: AGE_GROUPS, description: 'unknown is treated as a child' })
  @IsIn(AGE_GROUPS)
  ageGroup!: AgeGroup;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'PK' })
  @IsISO31661Alpha2()
  citizenship!: string;

  @ApiPropertyOptional({ type: PersonalDataDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => PersonalDataDto)
  personal?: PersonalDataDto;
}

export class OpenCaseRequestDto {
  @ApiProperty({ example: '2026-11-20T08:30:00Z' })
  @Matches(ISO_TIMESTAMP, { message: 'must be an ISO 8601 timestamp with time zone' })
  @IsISO8601({ strict: true })
  identifiedAt!: string;

  @ApiProperty({ enum: IDENTIFICATION_SOURCES, example: 'airport-interception' })
  @IsIn(IDENTIFICATION_SOURCES)
  identificationSource!: IdentificationSource;

  @ApiProperty({ type: LocationDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location!: LocationDto;

  @ApiProperty({ enum: CRIME_TYPES, example: 'tip' })
  @IsIn(CRIME_TYPES)
  crimeType!: CrimeType;

  @ApiProperty({ type: VictimDto })
  @IsObject()
  @ValidateNested()
  @Type(() => VictimDto)
  victim!: VictimDto;

  @ApiProperty({ enum: EXPLOITATION_TYPES, isArray: true, example: ['forced-labour'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(EXPLOITATION_TYPES.length)
  @IsIn(EXPLOITATION_TYPES, { each: true })
  exploitationTypes!: ExploitationType[];

  @ApiProperty({
    type: [String],
    example: ['documents-withheld'],
    description: 'kebab-case indicator codes',
  })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(50)
  @Matches(CODE, { each: true, message: 'each indicator must be a kebab-case code' })
  @Length(1, 64, { each: true })
  indicators!: string[];
}
