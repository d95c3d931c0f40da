import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_TYPES, AgencyType } from '@app/domain';
import { KeyRole } from '../api-keys/api-key.service';

export class WhoAmIResponseDto {
  @ApiProperty({ example: 'dar-ul-aman-lahore' })
  agencyId!: string;

  @ApiProperty({
    example: 'Dar-ul-Aman Lahore',
    nullable: true,
    type: String,
    description:
      'null for the service administration (agency `system`), which is no registered agency',
  })
  agencyName!: string | null;

  @ApiProperty({ enum: AGENCY_TYPES, nullable: true, type: String })
  agencyType!: AgencyType | null;

  @ApiProperty({ enum: ['officer', 'supervisor', 'auditor', 'admin'] })
  role!: KeyRole;

  @ApiProperty({
    example: '01935c7e-7b0a-7cc2-9d3e-2f1a3b4c5d6e',
    description: 'The id of the key (never the key itself); `bootstrap` for BOOTSTRAP_ADMIN_KEY',
  })
  keyId!: string;
}
