import { ApiProperty } from '@nestjs/swagger';
import { REFERRAL_STATUSES, ReferralStatus, SERVICES, URGENCIES } from '@app/domain';

/** A referral addressed to the caller's agency. */
export class InboxItemDto {
  @ApiProperty({ format: 'uuid' })
  referralId!: string;

  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty()
  fromAgencyId!: string;

  @ApiProperty()
  toAgencyId!: string;

  @ApiProperty({ enum: SERVICES, isArray: true })
  services!: string[];

  @ApiProperty({ enum: URGENCIES })
  urgency!: string;

  @ApiProperty({ enum: REFERRAL_STATUSES })
  status!: ReferralStatus;

  @ApiProperty({ description: 'Still requested past its acknowledgement deadline' })
  overdue!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  requestedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgeBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  acknowledgedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  outcome!: string | null;
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxItemDto] })
  items!: InboxItemDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last',
  })
  nextCursor!: string | null;
}
