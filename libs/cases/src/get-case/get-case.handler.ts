import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { canSeeCase, CaseNotFoundError } from '@app/domain';
import { CaseNotAtPointError } from '../shared/case.errors';
import { CaseAccessLog } from '../shared/case-access-log';
import { CaseRepository } from '../shared/case-repository';
import { toCaseView } from './case-view';
import { CaseResponseDto } from './case.response.dto';
import { PersonalDataReader } from '../shared/personal-data-reader';
import { GetCaseQuery } from './get-case.query';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(
    private readonly cases: CaseRepository,
    private readonly personalData: PersonalDataReader,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async execute({
    caseId,
    principal,
    point,
    omitPersonal,
  }: GetCaseQuery): Promise<CaseResponseDto> {
    const loaded =
      point.version === undefined && point.asOf === undefined
        ? await this.current(caseId)
        : await this.cases.load(caseId, point);
    if (!loaded.current || !canSeeCase(loaded.current, principal.agencyId, principal.role)) {
      throw new CaseNotFoundError();
    }
    if (!loaded.state || (point.version !== undefined && point.version > loaded.headVersion)) {
      throw new CaseNotAtPointError(loaded.headVersion);
    }
    const mayRead = this.personalData.mayRead(loaded.current, principal);
    const personal =
      mayRead && !omitPersonal
        ? await this.personalData.open(caseId, loaded.state.victim.personal)
        : null;
    await this.accessLog.record(caseId, principal, 'read-case', personal !== null);
    const view = toCaseView(loaded.state, personal, new Date().toISOString());
    if (omitPersonal && mayRead && loaded.state.victim.personal) {
      view.victim.personalOmitted = true;
    }
    return view;
  }

  private async current(caseId: string) {
    const { state, version } = await this.cases.loadCurrent(caseId);
    return { state, current: state, version, headVersion: version };
  }
}
