import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Service, SERVICES, URGENCIES, Urgency } from '@app/domain';
import { CODE } from '../open-case/open-case.request.dto';

export class ConsentOverrideDto {
  @ApiProperty({ description: "The supervisor's written justification", minLength: 10 })
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
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({
    description: 'Default 4 h for emergency, 48 h for routine',
    minimum: 1,
    maximum: 720,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
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

export class RequestReferralResponseDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty()
  version!: number;

  @ApiProperty({ format: 'uuid' })
  referralId!: string;
}
