import { Role } from '../../codes';

export interface PersonalDataErased {
  type: 'case.personal-data-erased.v1';
  data: { justification: string; erasedAt: string; erasedByAgencyId: string; erasedByRole: Role };
}
