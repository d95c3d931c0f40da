import { CaseState, isReferralOverdue } from '@app/domain';
import { PersonalDataDto } from '../shared/case-parts.dto';
import { CaseResponseDto } from './case.response.dto';

/** GET /v1/cases/{caseId}: the case as its response describes it, personal data resolved. */
export function toCaseView(
  state: CaseState,
  personal: PersonalDataDto | null,
  now: string,
): CaseResponseDto {
  const { victim, referrals, ...rest } = state;
  return {
    ...rest,
    victim: {
      sex: victim.sex,
      ageGroup: victim.ageGroup,
      citizenship: victim.citizenship,
      treatedAsChild: victim.treatedAsChild,
      personal,
      personalDataErased: victim.personalDataErased,
    },
    referrals: referrals.map((referral) => ({
      ...referral,
      overdue: isReferralOverdue(referral, now),
    })),
  };
}
