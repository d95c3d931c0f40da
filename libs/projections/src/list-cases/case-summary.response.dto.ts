import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES, CaseStatus, PROVINCES } from '@app/domain';

export class CaseSummaryLocationDto {
  @ApiProperty({ enum: PROVINCES })
  province!: string;

  @ApiProperty()
  district!: string;
}

/** A case as the list shows it: codes and times, never personal data. */
export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({ description: 'Number of events in the case stream' })
  version!: number;

  @ApiProperty({ enum: CASE_STATUSES })
  status!: CaseStatus;

  @ApiProperty()
  leadAgencyId!: string;

  @ApiProperty()
  crimeType!: string;

  @ApiProperty()
  traffickingStatus!: string;

  @ApiProperty({ type: CaseSummaryLocationDto })
  location!: CaseSummaryLocationDto;

  @ApiProperty()
  identificationSource!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  identifiedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  openedAt!: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  updatedAt!: string | null;

  @ApiProperty()
  personalDataErased!: boolean;
}

export class CaseSummaryPageDto {
  @ApiProperty({ type: [CaseSummaryDto] })
  items!: CaseSummaryDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last',
  })
  nextCursor!: string | null;
}
