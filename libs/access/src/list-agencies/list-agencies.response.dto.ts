import { ApiProperty } from '@nestjs/swagger';
import { AGENCY_TYPES, AgencyType, PROVINCES, Province, Service, SERVICES } from '@app/domain';

export class AgencyResponseDto {
  @ApiProperty({ example: 'dar-ul-aman-lahore' })
  agencyId!: string;

  @ApiProperty({ example: 'Dar-ul-Aman Lahore' })
  name!: string;

  @ApiProperty({ enum: AGENCY_TYPES })
  type!: AgencyType;

  @ApiProperty({ enum: PROVINCES })
  province!: Province;

  @ApiProperty({ enum: SERVICES, isArray: true })
  services!: Service[];
}

export class AgencyListResponseDto {
  @ApiProperty({ type: [AgencyResponseDto] })
  items!: AgencyResponseDto[];
}
