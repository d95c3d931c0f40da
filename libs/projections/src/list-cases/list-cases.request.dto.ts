import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CASE_STATUSES, CaseStatus } from '@app/domain';
import { PageRequestDto } from '../shared/page.request.dto';

export class ListCasesRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: CASE_STATUSES })
  @IsOptional()
  @IsIn(CASE_STATUSES)
  status?: CaseStatus;
}
