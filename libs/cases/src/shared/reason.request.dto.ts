import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { FreeText } from '@app/http';

/** A free-text reason. Do not write identities here: it is stored as typed. */
export class ReasonRequestDto {
  @ApiProperty({ maxLength: 2000 })
  @FreeText()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

/** Accepting or declining a transfer; the reason shows in the case's transfers and history. */
export class OptionalReasonRequestDto {
  @ApiPropertyOptional({
    maxLength: 2000,
    description:
      "Why your agency accepts or declines. Recorded in the event and shown on the case's transfer as acceptReason or declineReason.",
    example: 'Victim now lives in our district',
  })
  @IsOptional()
  @FreeText()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}
