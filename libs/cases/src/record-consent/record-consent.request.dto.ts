import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  Matches,
  ValidateIf,
} from 'class-validator';
import {
  CONSENT_DECISIONS,
  CONSENT_GIVERS,
  CONSENT_METHODS,
  CONSENT_SCOPES,
  ConsentDecision,
  ConsentGiver,
  ConsentMethod,
  ConsentScope,
  Service,
  SERVICES,
} from '@app/domain';
import { CODE } from '../shared/patterns';

export class RecordConsentRequestDto {
  @ApiProperty({ enum: CONSENT_DECISIONS })
  @IsIn(CONSENT_DECISIONS)
  decision!: ConsentDecision;

  @ApiProperty({ enum: CONSENT_SCOPES })
  @IsIn(CONSENT_SCOPES)
  scope!: ConsentScope;

  @ApiPropertyOptional({
    description: 'Required for share-with-agency',
    example: 'dar-ul-aman-lahore',
  })
  @ValidateIf(
    (o: RecordConsentRequestDto) => o.scope === 'share-with-agency' || o.agencyId !== undefined,
  )
  @Matches(CODE, { message: 'must be an agency id' })
  agencyId?: string;

  @ApiPropertyOptional({ enum: SERVICES, isArray: true, description: 'Required for services' })
  @ValidateIf((o: RecordConsentRequestDto) => o.scope === 'services' || o.services !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @ArrayMaxSize(SERVICES.length)
  @IsIn(SERVICES, { each: true })
  services?: Service[];

  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS)
  givenBy!: ConsentGiver;

  @ApiProperty({ enum: CONSENT_METHODS })
  @IsIn(CONSENT_METHODS)
  method!: ConsentMethod;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  interpreterUsed?: boolean;
}
