import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class StreamIntegrityDto {
  @ApiProperty() streamId!: string;
  @ApiProperty() valid!: boolean;
  @ApiProperty() eventsChecked!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Hash of the last event checked' })
  headHash!: string | null;
  @ApiPropertyOptional({ description: 'The first version whose link or content does not match' })
  firstInvalidVersion?: number;
}

export class CaseIntegrityResponseDto {
  @ApiProperty({ description: "Both the case's stream and its notifications stream verify" })
  valid!: boolean;
  @ApiProperty({ description: "Events of the case's stream checked" }) eventsChecked!: number;
  @ApiProperty({ nullable: true, type: String }) headHash!: string | null;
  @ApiPropertyOptional({ description: "The case stream's first version that does not verify" })
  firstInvalidVersion?: number;
  @ApiProperty({ type: StreamIntegrityDto }) case!: StreamIntegrityDto;
  @ApiProperty({ type: StreamIntegrityDto }) notifications!: StreamIntegrityDto;
}
