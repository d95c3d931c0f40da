import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class PeriodRequestDto {
  @ApiPropertyOptional({
    description: 'First day, inclusive (YYYY-MM-DD, from 1900-01-01)',
    example: '2026-01-01',
  })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  from?: string;

  @ApiPropertyOptional({
    description: 'Last day, inclusive (YYYY-MM-DD, from 1900-01-01)',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  to?: string;
}

export class StatisticsRequestDto extends PeriodRequestDto {
  @ApiPropertyOptional({
    description: 'At most 3 dimensions, comma-separated',
    example: 'sex,province',
  })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  groupBy?: string;
}

export class GlotipRequestDto {
  @ApiPropertyOptional({ description: 'Calendar year; the current one by default', example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
