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
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Webhook } from 'standardwebhooks';
import { AGENCY_TYPES, AgencyType, PROVINCES, Province, Service, SERVICES } from '@app/domain';

/** A `whsec_` secret is a Standard Webhooks key: base64 after its prefix, or it cannot sign. */
@ValidatorConstraint({ name: 'signingSecret' })
class SigningSecret implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    if (!value.startsWith('whsec_')) return true;
    try {
      new Webhook(value);
      return true;
    } catch {
      return false;
    }
  }

  defaultMessage(): string {
    return 'secret starting with whsec_ must be base64 after the prefix';
  }
}

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
  @Validate(SigningSecret)
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
