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
  Sex,
  SEXES,
} from '@app/domain';
import { LocationDto, PersonalDataDto } from '../shared/case-parts.dto';
import { CODE, ISO_TIMESTAMP } from '../shared/patterns';

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
