import { ApplicationError } from '@app/http';

export class NotificationNotFoundError extends ApplicationError {
  constructor() {
    super('notification-not-found', 'No such notification.');
  }
}

export class NotificationNotFailedError extends ApplicationError {
  constructor(status: string) {
    super(
      'notification-not-failed',
      `Only a failed notification is retried; this one is ${status}.`,
    );
  }
}
