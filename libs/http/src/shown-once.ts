import { SetMetadata } from '@nestjs/common';

export const SHOWN_ONCE_KEY = 'safe-referral:shown-once';

/**
 * Marks response fields that are secrets shown once (an issued API key): they are never stored
 * anywhere, so an idempotent replay of the response comes without them.
 */
export const ShownOnce = (...fields: string[]) => SetMetadata(SHOWN_ONCE_KEY, fields);
