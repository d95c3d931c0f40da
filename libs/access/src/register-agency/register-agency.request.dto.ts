import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  ValidateNested,
} from 'class-validator';
import { AGENCY_TYPES, AgencyType, PROVINCES, Province, Service, SERVICES } from '@app/domain';

export class AgencyNotificationDto {
  @ApiProperty({ example: 'https://shelter.example.org/hooks/safe-referral' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @Length(1, 2048)
  webhookUrl!: string;

  @ApiProperty({
    description:
      'Standard Webhooks signing secret (whsec_… base64, or 24+ characters). Never returned.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  @IsString()
  @Length(24, 256)
  secret!: string;
}

export class RegisterAgencyRequestDto {
  @ApiProperty({ example: 'Dar-ul-Aman Lahore' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: AGENCY_TYPES, example: 'shelter' })
  @IsIn(AGENCY_TYPES)
  type!: AgencyType;

  @ApiProperty({ enum: PROVINCES, example: 'punjab' })
  @IsIn(PROVINCES)
  province!: Province;

  @ApiProperty({ enum: SERVICES, isArray: true, example: ['shelter', 'medical'] })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SERVICES.length)
  @IsIn(SERVICES, { each: true })
  services!: Service[];

  @ApiPropertyOptional({ type: AgencyNotificationDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AgencyNotificationDto)
  notification?: AgencyNotificationDto;
}
