import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Service, SERVICES, URGENCIES, Urgency } from '@app/domain';
import { CODE } from '../shared/patterns';
import { FreeText } from '@app/http';

export class ConsentOverrideDto {
  @ApiProperty({ description: "The supervisor's written justification", minLength: 10 })
  @FreeText()
  @IsString()
  @Length(10, 2000)
  justification!: string;
}

export class RequestReferralRequestDto {
  @ApiProperty({ example: 'dar-ul-aman-lahore' })
  @Matches(CODE, { message: 'must be an agency id' })
  @Length(1, 64)
  toAgencyId!: string;

  @ApiProperty({ enum: SERVICES, isArray: true, example: ['shelter', 'medical'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @ArrayMaxSize(SERVICES.length)
  @IsIn(SERVICES, { each: true })
  services!: Service[];

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency!: Urgency;

  @ApiProperty({ example: 'Needs safe shelter tonight' })
  @FreeText()
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({
    description:
      'Hours the receiving agency has to acknowledge; fractions allowed (1.5 = 90 minutes). Default 4 h for emergency, 48 h for routine.',
    type: Number,
    format: 'double',
    minimum: 0,
    exclusiveMinimum: true,
    maximum: 720,
    example: 1.5,
  })
  // Not @IsOptional: that would let null through to the domain as a 422 instead of a 400.
  @ValidateIf((_body, value) => value !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(720)
  acknowledgeWithinHours?: number;

  @ApiPropertyOptional({
    type: ConsentOverrideDto,
    description: 'Supervisor only, when consent is missing',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsentOverrideDto)
  consentOverride?: ConsentOverrideDto;
}
