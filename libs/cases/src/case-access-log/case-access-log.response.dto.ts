import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccessRecordDto {
  @ApiProperty() accessId!: string;
  @ApiProperty() at!: string;
  @ApiProperty() agencyId!: string;
  @ApiPropertyOptional() officerId?: string;
  @ApiProperty({ enum: ['officer', 'supervisor', 'auditor', 'admin'] }) role!: string;
  @ApiProperty({ description: 'The API key used' }) keyId!: string;
  @ApiProperty({ enum: ['read-case', 'read-history', 'read-referral-path', 'export-bundle'] })
  action!: string;
  @ApiProperty() personalDataShown!: boolean;
  @ApiPropertyOptional({ description: 'X-Purpose as the reader gave it' }) purpose?: string;
}

export class CaseAccessLogPageDto {
  @ApiProperty({ type: [AccessRecordDto] }) items!: AccessRecordDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
