import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class NotificationPathItemDto {
  @ApiProperty() notificationId!: string;
  @ApiProperty({ example: 'referral.requested' }) type!: string;
  @ApiProperty() agencyId!: string;
  @ApiProperty({ enum: ['delivered', 'failed', 'pending'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional() firstAttemptAt?: string;
  @ApiPropertyOptional() deliveredAt?: string;
  @ApiPropertyOptional() lastStatusCode?: number;
}

export class ReferralPathItemDto {
  @ApiProperty() referralId!: string;
  @ApiProperty() fromAgencyId!: string;
  @ApiProperty() toAgencyId!: string;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ enum: ['emergency', 'routine'] }) urgency!: string;
  @ApiProperty() status!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty() acknowledgeBy!: string;
  @ApiPropertyOptional() acknowledgedAt?: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional() completedAt?: string;
  @ApiPropertyOptional() outcome?: string;
  @ApiPropertyOptional() declineReason?: string;
  @ApiPropertyOptional({
    description: 'Decimal hours from request to acknowledgement',
    example: 1.25,
  })
  hoursToAcknowledge?: number;
  @ApiPropertyOptional({ description: 'Decimal hours from request to acceptance or decline' })
  hoursToDecision?: number;
  @ApiProperty({ description: 'Whether the referral went past its deadline unanswered' })
  overdue!: boolean;
  @ApiPropertyOptional() overdueRecordedAt?: string;
  @ApiProperty({ type: [NotificationPathItemDto] }) notifications!: NotificationPathItemDto[];
}

export class TransferPathItemDto {
  @ApiProperty() transferId!: string;
  @ApiProperty() fromAgencyId!: string;
  @ApiProperty() toAgencyId!: string;
  @ApiProperty() status!: string;
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiPropertyOptional() hoursToDecision?: number;
  @ApiProperty({ type: [NotificationPathItemDto] }) notifications!: NotificationPathItemDto[];
}

export class ReferralPathResponseDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ description: 'The case version the path was derived at' }) version!: number;
  @ApiProperty({ type: [ReferralPathItemDto] }) items!: ReferralPathItemDto[];
  @ApiProperty({ type: [TransferPathItemDto] }) transfers!: TransferPathItemDto[];
}
