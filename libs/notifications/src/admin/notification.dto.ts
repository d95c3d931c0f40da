import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageRequestDto } from '@app/projections';
import {
  NOTIFICATION_STATUSES,
  NOTIFICATION_TYPES,
  NotificationStatus,
} from '../shared/notification-types';

export class ListNotificationsRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES })
  @IsOptional()
  @IsIn(NOTIFICATION_STATUSES)
  status?: NotificationStatus;

  @ApiPropertyOptional({ description: 'Only notifications to this agency' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'agencyId must be a kebab-case slug' })
  agencyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid', description: 'Also the webhook-id of every attempt' })
  notificationId!: string;

  @ApiProperty({ enum: NOTIFICATION_TYPES })
  type!: string;

  @ApiProperty({ description: 'The agency notified' })
  agencyId!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null for an audit anchor',
  })
  caseId!: string | null;

  @ApiPropertyOptional({ format: 'uuid' })
  referralId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  transferId?: string;

  @ApiProperty({ enum: NOTIFICATION_STATUSES })
  status!: string;

  @ApiProperty({ description: 'Attempts made so far, over every retry' })
  attempts!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  lastAttemptAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  deliveredAt?: string;

  @ApiPropertyOptional({ description: "The receiver's status code on the last attempt" })
  lastStatusCode?: number;

  @ApiPropertyOptional({
    description: 'Why the last attempt did not deliver (timeout, refused, a status)',
  })
  lastError?: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items!: NotificationDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}

export class RetryNotificationResponseDto {
  @ApiProperty({ format: 'uuid' })
  notificationId!: string;

  @ApiProperty({ enum: ['pending'] })
  status!: 'pending';
}
