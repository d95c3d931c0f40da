import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/access';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { HttpReply } from '@app/http';
import { toCsv } from '../http/csv';
import { StatisticsRequestDto } from '../http/statistics.request.dto';
import { parsePeriod } from '../queries/period';
import { HTCDS_COLUMNS, htcdsExport } from './htcds';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('v1/exports/htcds')
export class HtcdsExportController {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Permission('export.htcds')
  @ApiOperation({
    summary:
      'Research export (auditors), CSV: one de-identified row per case identified between from and to, with Human Trafficking Case Data Standard 2.0 field names; no personal data, no free text, months at most. k-anonymous (EXPORT_MIN_K) over gender, age band, citizenship, province and month: the headers X-Export-K, X-Export-Generalised and X-Export-Suppressed-Rows say what was done.',
  })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'CSV, one header row' })
  @ApiResponse({ status: 400, description: 'A bad date' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: 'Not an auditor key' })
  async export(
    @Query() query: StatisticsRequestDto,
    @Res({ passthrough: true }) reply: HttpReply,
  ): Promise<string> {
    const result = await htcdsExport(
      this.sql,
      parsePeriod(query.from, query.to),
      this.config.EXPORT_MIN_K,
    );
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', 'attachment; filename="safe-referral-htcds.csv"');
    reply.header('x-export-k', String(result.k));
    reply.header(
      'x-export-generalised',
      Object.entries(result.generalised)
        .map(([field, level]) => `${field}=${level}`)
        .join(';'),
    );
    reply.header('x-export-suppressed-rows', String(result.suppressedRows));
    return toCsv(result.rows, [...HTCDS_COLUMNS]);
  }
}
