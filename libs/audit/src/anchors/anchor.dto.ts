import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AnchorDto {
  @ApiProperty() anchorId!: string;
  @ApiProperty({ description: 'Hex SHA-256 Merkle root (RFC 9162) over every stream head' })
  merkleRoot!: string;
  @ApiProperty() streamCount!: number;
  @ApiProperty() anchoredAt!: string;
  @ApiProperty({ description: 'The audit key that signed it (GET /v1/audit/public-key)' })
  keyId!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature of the anchor' }) signature!: string;
}

export class AnchorProblemDto {
  @ApiProperty() streamId!: string;
  @ApiProperty({ enum: ['changed', 'truncated', 'missing'] }) problem!: string;
  @ApiPropertyOptional({
    description: 'changed: the anchored version; truncated: the version the stream is at now',
  })
  version?: number;
}

export class AnchorVerificationDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty() anchorId!: string;
  @ApiProperty() streamsChecked!: number;
  @ApiProperty({ type: [AnchorProblemDto] }) problems!: AnchorProblemDto[];
}
