import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/access';
import { AuditKey } from './audit-key';
import { AUDIT_KEY } from './audit-key.token';

export class PublicKeyDto {
  @ApiProperty({ description: 'First 16 hex digits of the SHA-256 of the SPKI public key' })
  keyId!: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty() publicKeyPem!: string;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1/audit/public-key')
export class PublicKeyController {
  constructor(@Inject(AUDIT_KEY) private readonly key: AuditKey) {}

  @Get()
  @Permission('audit.read-public-key')
  @ApiOperation({
    summary:
      'The public half of the audit key that signs anchors and audit bundles: verify a bundle offline with `npm run audit -- verify`.',
  })
  @ApiResponse({ status: 200, type: PublicKeyDto })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  publicKey(): PublicKeyDto {
    return { keyId: this.key.keyId, algorithm: 'Ed25519', publicKeyPem: this.key.publicKeyPem };
  }
}
