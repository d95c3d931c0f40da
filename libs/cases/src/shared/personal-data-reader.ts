import { Injectable } from '@nestjs/common';
import { Principal } from '@app/access';
import { PersonalDataVault, Sealed } from '@app/crypto';
import { canSeePersonalData, CaseState } from '@app/domain';

/**
 * Opens a case's personal data for those who may see it: the lead agency and auditors, and a
 * receiving agency while its referral is accepted. Visibility is judged on the case as it is
 * now, whatever point in its history is being read.
 */
@Injectable()
export class PersonalDataReader {
  constructor(private readonly vault: PersonalDataVault) {}

  mayRead(current: CaseState, principal: Principal): boolean {
    return (
      !current.victim.personalDataErased &&
      canSeePersonalData(current, principal.agencyId, principal.role)
    );
  }

  async open(
    caseId: string,
    sealed: Sealed | null | undefined,
  ): Promise<Record<string, unknown> | null> {
    return sealed ? this.vault.openForCase(caseId, sealed) : null;
  }
}
