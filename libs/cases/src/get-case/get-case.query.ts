import { Query } from '@nestjs/cqrs';
import { Principal } from '@app/access';

export interface CaseView {
  version: number;
  view: Record<string, unknown>;
}

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
    readonly point: { version?: number; asOf?: Date },
  ) {
    super();
  }
}
