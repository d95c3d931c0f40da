import { Controller, Get, Inject, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@app/access';
import { AppConfig } from '@app/config';
import { SQL_CLIENT, SqlClient } from '@app/database';
import { CsvNegotiationInterceptor, TableAnswer } from '../http/csv-negotiation.interceptor';
import { PeriodRequestDto } from '../http/statistics.request.dto';
import { parsePeriod } from '../queries/period';
import { HTCDS_COLUMNS, htcdsExport } from './htcds';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('v1/exports/htcds')
@UseInterceptors(new CsvNegotiationInterceptor())
export class HtcdsExportController {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Permission('export.htcds')
  @ApiOperation({
    summary:
      'Research export (auditors), CSV: one de-identified row per case identified between from and to, widened to whole months (X-Export-Period says which), with Human Trafficking Case Data Standard 2.0 field names; no personal data, no free text, months at most, rows in the order of their values. k-anonymous (EXPORT_MIN_K) over gender, age band, citizenship, province and month: the headers X-Export-K, X-Export-Generalised and X-Export-Suppressed-Rows say what was done.',
  })
  @ApiProduces('text/csv')
  @ApiResponse({ status: 200, description: 'CSV, one header row' })
  @ApiResponse({ status: 400, description: 'A bad date' })
  @ApiResponse({ status: 401, description: 'Missing or unknown API key' })
  @ApiResponse({ status: 403, description: 'Not an auditor key' })
  async export(@Query() query: PeriodRequestDto): Promise<TableAnswer> {
    const result = await htcdsExport(
      this.sql,
      parsePeriod(query.from, query.to),
      this.config.EXPORT_MIN_K,
    );
    return new TableAnswer(result, result.rows, [...HTCDS_COLUMNS], {
      csvOnly: true,
      headers: {
        'content-disposition': 'attachment; filename="safe-referral-htcds.csv"',
        'x-export-k': String(result.k),
        'x-export-period': `${result.period.from ?? ''}/${result.period.to ?? ''}`,
        'x-export-generalised': Object.entries(result.generalised)
          .map(([field, level]) => `${field}=${level}`)
          .join(';'),
        'x-export-suppressed-rows': String(result.suppressedRows),
      },
    });
  }
}
