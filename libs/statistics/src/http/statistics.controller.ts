import { Controller, Get, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Permission, Principal } from '@app/access';
import { AppConfig } from '@app/config';
import { StatisticsAnswers } from '../queries/answers';
import { caseStatistics } from '../queries/case-statistics';
import {
  CASE_DIMENSIONS,
  parseGroupBy,
  REFERRAL_DIMENSIONS,
  VICTIM_DIMENSIONS,
} from '../queries/dimensions';
import { GLOTIP_COLUMNS, glotipTable } from '../queries/glotip';
import { parsePeriod } from '../queries/period';
import { referralStatistics } from '../queries/referral-statistics';
import { victimStatistics } from '../queries/victim-statistics';
import { CsvNegotiationInterceptor, TableAnswer } from './csv-negotiation.interceptor';
import { GlotipRequestDto, StatisticsRequestDto } from './statistics.request.dto';

/** Every role but auditors sees counts below STATISTICS_MIN_CELL suppressed. */
function minCell(principal: Principal, config: AppConfig): number {
  return principal.role === 'auditor' ? 1 : config.STATISTICS_MIN_CELL;
}

const describe = (what: string) =>
  `${what} JSON, or CSV with Accept: text/csv (one header row, the same columns). Counts below STATISTICS_MIN_CELL are null with suppressed: true, and enough others that none can be recomputed from the rest, for every role but auditors.`;

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('v1/statistics')
@UseInterceptors(new CsvNegotiationInterceptor())
export class StatisticsController {
  constructor(
    private readonly answers: StatisticsAnswers,
    private readonly config: AppConfig,
  ) {}

  @Get('victims')
  @Permission('statistics.read')
  @ApiOperation({
    summary: describe(
      `Victims identified between from and to (inclusive, by identifiedAt), grouped by up to 3 of: ${Object.keys(VICTIM_DIMENSIONS).join(', ')}. A victim with several forms of exploitation counts once in each.`,
    ),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({
    status: 200,
    description:
      '{ from, to, groupBy, k, total, items: [{ <dimension>: code, count, suppressed }] }',
  })
  @ApiResponse({ status: 400, description: 'Unknown dimension, or a bad date' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  async victims(@Query() query: StatisticsRequestDto, @CurrentPrincipal() principal: Principal) {
    const period = parsePeriod(query.from, query.to);
    const groupBy = parseGroupBy(query.groupBy, VICTIM_DIMENSIONS);
    const k = minCell(principal, this.config);
    const result = await this.answers.answer(
      JSON.stringify(['victims', period, groupBy, k]),
      (db) => victimStatistics(db, period, groupBy, k),
    );
    return new TableAnswer(result, result.items, [...result.groupBy, 'count', 'suppressed']);
  }

  @Get('referrals')
  @Permission('statistics.read')
  @ApiOperation({
    summary: describe(
      `Referrals requested between from and to (inclusive, by requestedAt), grouped by up to 3 of: ${Object.keys(REFERRAL_DIMENSIONS).join(', ')}: issued, acknowledged, accepted, declined (by reason), completed, withdrawn, overdue, and the median and 90th percentile of the decimal hours to acknowledge and to decide.`,
    ),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, description: '{ from, to, groupBy, k, items: [...] }' })
  @ApiResponse({ status: 400, description: 'Unknown dimension, or a bad date' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  async referrals(@Query() query: StatisticsRequestDto, @CurrentPrincipal() principal: Principal) {
    const period = parsePeriod(query.from, query.to);
    const groupBy = parseGroupBy(query.groupBy, REFERRAL_DIMENSIONS);
    const k = minCell(principal, this.config);
    const result = await this.answers.answer(
      JSON.stringify(['referrals', period, groupBy, k]),
      (db) => referralStatistics(db, period, groupBy, k),
    );
    return new TableAnswer(result, result.items, result.groupBy);
  }

  @Get('cases')
  @Permission('statistics.read')
  @ApiOperation({
    summary: describe(
      `Cases opened and closed (by reason) between from and to, and open at its end, grouped by up to 3 of: ${Object.keys(CASE_DIMENSIONS).join(', ')}.`,
    ),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({
    status: 200,
    description:
      '{ from, to, groupBy, k, items: [{ ..., opened, closed, closedByReason, openAtEnd }] }',
  })
  @ApiResponse({ status: 400, description: 'Unknown dimension, or a bad date' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  async cases(@Query() query: StatisticsRequestDto, @CurrentPrincipal() principal: Principal) {
    const period = parsePeriod(query.from, query.to);
    const groupBy = parseGroupBy(query.groupBy, CASE_DIMENSIONS);
    const k = minCell(principal, this.config);
    const result = await this.answers.answer(JSON.stringify(['cases', period, groupBy, k]), (db) =>
      caseStatistics(db, period, groupBy, k),
    );
    return new TableAnswer(result, result.items, result.groupBy);
  }

  @Get('glotip')
  @Permission('statistics.read')
  @ApiOperation({
    summary: describe(
      'The UNODC GLOTIP victim table of a year: by form of exploitation and by citizenship, women, girls, men, boys (children), other (transgender, unknown sex or age) and total.',
    ),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiResponse({ status: 200, description: '{ year, k, rows: [...], byCitizenship: [...] }' })
  @ApiResponse({ status: 400, description: 'Bad year' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  async glotip(@Query() query: GlotipRequestDto, @CurrentPrincipal() principal: Principal) {
    const year = query.year ?? new Date().getUTCFullYear();
    const k = minCell(principal, this.config);
    const result = await this.answers.answer(JSON.stringify(['glotip', year, k]), (db) =>
      glotipTable(db, year, k),
    );
    const items = [
      ...result.rows.map(({ exploitationType, ...row }) => ({
        table: 'exploitationType',
        key: exploitationType,
        ...row,
      })),
      ...result.byCitizenship.map(({ citizenship, ...row }) => ({
        table: 'citizenship',
        key: citizenship,
        ...row,
      })),
    ];
    return new TableAnswer(result, items, ['table', 'key', ...GLOTIP_COLUMNS, 'total']);
  }
}
