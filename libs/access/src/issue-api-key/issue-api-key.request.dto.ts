import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { KeyRole } from '../api-keys/api-key.service';

export const KEY_ROLES: readonly KeyRole[] = ['officer', 'supervisor', 'auditor', 'admin'];

export class IssueApiKeyRequestDto {
  @ApiProperty({ example: 'dar-ul-aman-lahore' })
  @IsString()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be a kebab-case agency id' })
  agencyId!: string;

  @ApiProperty({ enum: KEY_ROLES, example: 'officer' })
  @IsIn(KEY_ROLES)
  role!: KeyRole;

  @ApiProperty({ example: 'case system integration' })
  @IsString()
  @Length(1, 200)
  label!: string;
}

export class IssueApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' })
  keyId!: string;

  @ApiProperty({ description: 'Shown once; only its hash is stored.', example: 'srk_…' })
  apiKey!: string;
}
