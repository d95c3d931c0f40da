import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AGE_GROUPS,
  CASE_STATUSES,
  CRIME_TYPES,
  EXPLOITATION_TYPES,
  IDENTIFICATION_SOURCES,
  REFERRAL_STATUSES,
  SERVICES,
  SEXES,
  TRAFFICKING_STATUSES,
  TRANSFER_STATUSES,
  URGENCIES,
} from '@app/domain';
import { LocationDto, PersonalDataDto } from '../shared/case-parts.dto';

export class VictimViewDto {
  @ApiProperty({ enum: SEXES }) sex!: string;
  @ApiProperty({ enum: AGE_GROUPS }) ageGroup!: string;
  @ApiProperty({ example: 'PK' }) citizenship!: string;
  @ApiProperty({ description: 'ageGroup is not adult: treated as a child' })
  treatedAsChild!: boolean;
  @ApiProperty({
    type: PersonalDataDto,
    nullable: true,
    description:
      'Shown to the lead agency and auditors, and to a receiving agency while its referral is accepted; null otherwise and after erasure. Every read is recorded.',
  })
  personal!: PersonalDataDto | null;
  @ApiProperty() personalDataErased!: boolean;
  @ApiPropertyOptional({
    description:
      'true when the request asked for ?personal=omit and the caller may see the personal data: asking again without it shows it',
  })
  personalOmitted?: boolean;
}

export class ReferralViewDto {
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty() fromAgencyId!: string;
  @ApiProperty() toAgencyId!: string;
  @ApiProperty({ enum: SERVICES, isArray: true }) services!: string[];
  @ApiProperty({ enum: URGENCIES }) urgency!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status!: string;
  @ApiProperty({ description: 'Still requested after its acknowledgement deadline' })
  overdue!: boolean;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time' }) acknowledgeBy!: string;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) decidedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) completedAt?: string;
  @ApiPropertyOptional({ enum: ['successful', 'not-successful'] }) outcome?: string;
}

export class TransferViewDto {
  @ApiProperty({ format: 'uuid' }) transferId!: string;
  @ApiProperty() fromAgencyId!: string;
  @ApiProperty() toAgencyId!: string;
  @ApiProperty({ description: 'Why the lead agency offered the transfer' }) reason!: string;
  @ApiProperty({ enum: TRANSFER_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was accepted or declined' })
  decidedAt?: string;
  @ApiPropertyOptional({ description: 'The reason given on accept, when one was given' })
  acceptReason?: string;
  @ApiPropertyOptional({ description: 'The reason given on decline, when one was given' })
  declineReason?: string;
}

/** GET /v1/cases/{caseId}: the case's state (fields beyond these are documented as they come). */
export class CaseResponseDto {
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: CASE_STATUSES }) status!: string;
  @ApiProperty() leadAgencyId!: string;
  @ApiProperty({ enum: CRIME_TYPES }) crimeType!: string;
  @ApiProperty({ enum: TRAFFICKING_STATUSES }) traffickingStatus!: string;
  @ApiProperty({ type: LocationDto }) location!: LocationDto;
  @ApiProperty({ enum: IDENTIFICATION_SOURCES }) identificationSource!: string;
  @ApiProperty({ format: 'date-time' }) identifiedAt!: string;
  @ApiProperty({ enum: EXPLOITATION_TYPES, isArray: true }) exploitationTypes!: string[];
  @ApiProperty({ type: [String] }) indicators!: string[];
  @ApiProperty({ type: VictimViewDto }) victim!: VictimViewDto;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) consents!: object[];
  @ApiProperty({ type: [ReferralViewDto] }) referrals!: ReferralViewDto[];
  @ApiProperty({ type: [TransferViewDto] }) transfers!: TransferViewDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) assistanceDecisions!: object[];
  @ApiProperty({ type: 'array', items: { type: 'object' } }) protectionMeasures!: object[];
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
}

export class HistoryItemDto {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ example: 'referral.requested.v1' }) type!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ example: { agencyId: 'fia-islamabad', officerId: 'officer-17', role: 'officer' } })
  actor!: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Personal data only to those who may see it',
  })
  data!: object;
  @ApiProperty({ description: 'SHA-256 of the canonical event and prevHash' }) hash!: string;
  @ApiProperty() prevHash!: string;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryItemDto] }) items!: HistoryItemDto[];
  @ApiProperty({ nullable: true, type: Number }) nextFromVersion!: number | null;
}
