import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal, SYSTEM_AGENCY_ID } from '@app/access';
import { InvalidRequestError } from '@app/http';
import { NotificationNotFailedError, NotificationNotFoundError } from '../notifications.errors';
import { NotificationQueue } from '../shared/notification-queue';
import { NotificationRepository, NotificationRow } from '../shared/notification.repository';
import {
  ListNotificationsRequestDto,
  NotificationDto,
  NotificationPageDto,
  RetryNotificationResponseDto,
} from './notification.dto';

const DEFAULT_LIMIT = 50;

/** An agency's own admin sees the notifications to its agency; the service's, all of them. */
function visibleTo(principal: Principal): string | undefined {
  return principal.agencyId === SYSTEM_AGENCY_ID ? undefined : principal.agencyId;
}

@ApiTags('administration')
@ApiBearerAuth()
@Controller('v1/admin/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly queue: NotificationQueue,
  ) {}

  @Get()
  @Permission('notification.list')
  @ApiOperation({ summary: 'Webhook notifications and their delivery, newest first (admin).' })
  @ApiResponse({ status: 200, type: NotificationPageDto })
  @ApiResponse({ status: 400, description: 'Bad filter, limit or cursor' })
  async list(
    @Query() query: ListNotificationsRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<NotificationPageDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.notifications.list({
      status: query.status,
      agencyId: query.agencyId,
      caseId: query.caseId,
      visibleTo: visibleTo(principal),
      afterSeq: decodeCursor(query.cursor),
      limit,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toDto),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].seq) : null,
    };
  }

  @Post(':notificationId/retry')
  @HttpCode(202)
  @Permission('notification.retry')
  @ApiOperation({
    summary:
      'Try a failed notification again, with the same webhook-id and a full set of attempts (admin).',
  })
  @ApiResponse({ status: 202, type: RetryNotificationResponseDto })
  @ApiResponse({ status: 404, description: 'No such notification (or not one of your agency)' })
  @ApiResponse({ status: 409, description: 'The notification has not failed' })
  async retry(
    @Param(
      'notificationId',
      new ParseUUIDPipe({
        exceptionFactory: () =>
          InvalidRequestError.field(
            'notificationId',
            'must be a UUID',
            'notificationId must be a UUID.',
          ),
      }),
    )
    notificationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RetryNotificationResponseDto> {
    const scope = visibleTo(principal);
    const reopened = await this.notifications.reopen(notificationId, scope);
    if (!reopened) {
      const current = await this.notifications.get(notificationId);
      if (!current || (scope !== undefined && current.agencyId !== scope)) {
        throw new NotificationNotFoundError();
      }
      throw new NotificationNotFailedError(current.status);
    }
    // With Redis down it stays pending, and the worker's reconciler queues it when Redis is back.
    await this.queue.ensureQueued(notificationId).catch(() => undefined);
    return { notificationId, status: 'pending' };
  }
}

function toDto(row: NotificationRow): NotificationDto {
  return {
    notificationId: row.notificationId,
    type: row.type,
    agencyId: row.agencyId,
    caseId: row.caseId,
    ...(row.referralId ? { referralId: row.referralId } : {}),
    ...(row.transferId ? { transferId: row.transferId } : {}),
    status: row.status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    ...(row.lastAttemptAt ? { lastAttemptAt: row.lastAttemptAt } : {}),
    ...(row.deliveredAt ? { deliveredAt: row.deliveredAt } : {}),
    ...(row.lastStatusCode !== null ? { lastStatusCode: row.lastStatusCode } : {}),
    ...(row.lastError ? { lastError: row.lastError } : {}),
  };
}

function encodeCursor(seq: string): string {
  return Buffer.from(seq, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[1-9][0-9]{0,17}$/.test(seq)) {
    throw InvalidRequestError.field(
      'cursor',
      'is invalid',
      'cursor is not one this service returned.',
    );
  }
  return seq;
}
