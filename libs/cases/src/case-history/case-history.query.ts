import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';

export interface HistoryItem {
  version: number;
  eventId: string;
  type: string;
  recordedAt: string;
  actor: { agencyId: string; officerId?: string; role: string } | null;
  data: unknown;
  hash: string;
  prevHash: string;
}

export interface CaseHistoryPage {
  items: HistoryItem[];
  nextFromVersion: number | null;
}

export class CaseHistoryQuery extends Query<CaseHistoryPage> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly fromVersion: number,
    readonly limit: number,
  ) {
    super();
  }
}
