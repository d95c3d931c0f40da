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
import {
  AcceptReferralRequestDto,
  AcknowledgeReferralRequestDto,
  CompleteReferralRequestDto,
  DeclineReferralRequestDto,
} from './answer-referral.request.dto';

/** The receiving agency's side of a referral: acknowledge, accept or decline, complete. */
@Controller('v1/cases/:caseId/referrals/:referralId')
export class AnswerReferralController {
  constructor(private readonly cases: CaseCommands) {}

  @Post('acknowledge')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Acknowledge a referral addressed to your agency.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  acknowledge(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() _body: AcknowledgeReferralRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(caseId, { type: 'AcknowledgeReferral', referralId }, context, reply);
  }

  @Post('accept')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Accept a referral addressed to your agency.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  accept(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: AcceptReferralRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(caseId, { type: 'AcceptReferral', referralId, ...body }, context, reply);
  }

  @Post('decline')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Decline a referral addressed to your agency, with a reason.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  decline(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: DeclineReferralRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(
      caseId,
      { type: 'DeclineReferral', referralId, ...body },
      context,
      reply,
    );
  }

  @Post('complete')
  @CaseCommandEndpoint({
    action: 'case.respond-to-referral',
    summary: 'Complete an accepted referral with its outcome and the services delivered.',
    response: CaseCommandResponseDto,
    status: 200,
  })
  complete(
    @Param('caseId', uuidParam('caseId')) caseId: string,
    @Param('referralId', uuidParam('referralId')) referralId: string,
    @Body() body: CompleteReferralRequestDto,
    @CaseCommandContext() context: CommandContext,
    @Res({ passthrough: true }) reply: ReplyLike,
  ): Promise<CaseCommandResponseDto> {
    return this.cases.send(
      caseId,
      { type: 'CompleteReferral', referralId, ...body },
      context,
      reply,
    );
  }
}
