import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { REFERRAL_STATUSES, ReferralStatus } from '@app/domain';
import { PageRequestDto } from '../shared/page.request.dto';

export class ListInboxRequestDto extends PageRequestDto {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;
}
