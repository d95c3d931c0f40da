import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CaseNotFoundError } from '@app/domain';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { InvalidRequestError } from '@app/http';
import { CaseAccessLog } from '../shared/case-access-log';
import { caseStreamId } from '../shared/case-repository';
import { CaseAccessLogQuery } from './case-access-log.query';
import { CaseAccessLogPageDto } from './case-access-log.response.dto';

const SEQ = /^[1-9][0-9]{0,18}$/;
const MAX_BIGINT = 2n ** 63n - 1n;

/** Oldest first; a cursor is opaque to clients (the position of the last record returned). */
@QueryHandler(CaseAccessLogQuery)
export class CaseAccessLogHandler implements IQueryHandler<CaseAccessLogQuery> {
  constructor(
    private readonly accessLog: CaseAccessLog,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ caseId, cursor, limit }: CaseAccessLogQuery): Promise<CaseAccessLogPageDto> {
    if ((await this.store.streamVersion(caseStreamId(caseId))) === 0) {
      throw new CaseNotFoundError();
    }
    const rows = await this.accessLog.list(caseId, afterSeq(cursor), limit);
    const page = rows.slice(0, limit);
    return {
      items: page.map(({ seq: _seq, ...record }) => record),
      nextCursor:
        rows.length > limit ? Buffer.from(page[page.length - 1].seq).toString('base64url') : null,
    };
  }
}

function afterSeq(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  const seq = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!SEQ.test(seq) || BigInt(seq) > MAX_BIGINT) {
    throw InvalidRequestError.field(
      'cursor',
      'is invalid',
      'cursor is not one this service returned.',
    );
  }
  return seq;
}
