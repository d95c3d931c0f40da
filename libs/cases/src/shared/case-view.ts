import { CaseState, isReferralOverdue } from '@app/domain';

/** GET /v1/cases/{caseId}: the state as API.md lays it out, with personal data resolved. */
export function toCaseView(
  state: CaseState,
  personal: Record<string, unknown> | null,
  now: string,
): Record<string, unknown> {
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
