import { ApiProperty } from '@nestjs/swagger';

/** Every command's answer: `{ caseId, version, ... }`, with `ETag: "<version>"`. */
export class CaseCommandResponseDto {
  @ApiProperty({ format: 'uuid' })
  caseId!: string;

  @ApiProperty({
    description: 'Number of events in the case stream after this command',
    example: 3,
  })
  version!: number;
}
