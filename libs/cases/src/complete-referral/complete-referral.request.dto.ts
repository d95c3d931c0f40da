import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  ValidateIf,
} from 'class-validator';
import { REFERRAL_OUTCOMES, ReferralOutcome, Service, SERVICES } from '@app/domain';
import { FreeText } from '@app/http';

export class CompleteReferralRequestDto {
  @ApiProperty({ enum: REFERRAL_OUTCOMES })
  @IsIn(REFERRAL_OUTCOMES)
  outcome!: ReferralOutcome;

  @ApiPropertyOptional({ description: 'Required when the outcome is not-successful' })
  @ValidateIf(
    (o: CompleteReferralRequestDto) =>
      o.outcome === 'not-successful' || o.reasonNotSuccessful !== undefined,
  )
  @FreeText()
  @IsString()
  @Length(1, 2000)
  reasonNotSuccessful?: string;

  @ApiProperty({ enum: SERVICES, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SERVICES.length)
  @IsIn(SERVICES, { each: true })
  servicesDelivered!: Service[];
}
