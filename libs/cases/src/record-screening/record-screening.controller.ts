import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { CaseCommandEndpoint } from '../shared/case-api.decorators';
import {
  CaseCommandContext,
  CaseCommandResponseDto,
  CommandContext,
  ReplyLike,
  uuidParam,
} from '../shared/case-http';
import { CaseCommands } from '../shared/case-commands';
import { RecordScreeningRequestDto } from './record-screening.request.dto';

@Controller('v1/cases/:caseId/screenings')
export class RecordScreeningController {
  constructor(private readonly cases: CaseCommands) {}

  @Post()
  @CaseCommandEndpoint({
    action: 'case.screen',
    summary: 'Record a screening (lead agency): trafficking status, reclassification, indicators.',
    response: CaseCommandResponseDto,
    status: 201,
  })
  async screen(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Body() body: RecordScreeningRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(caseId, { type: 'RecordScreening', ...body }, context, reply);
  }
}
