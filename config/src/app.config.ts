import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
  validateSync,
} from 'class-validator';

export enum EventStoreKind {
  Embedded = 'embedded',
  Postgres = 'postgres',
  KurrentDb = 'kurrentdb',
}

/**
 * Every setting the service reads, validated once at boot. Nothing else in the code base reads
 * `process.env`: inject this class instead.
 */
/** An IPv4 address or CIDR, or an IPv6 one (which has a colon). */
/** `true` or `false` as written (class-transformer's implicit conversion makes "false" true). */
const Flag = () =>
  Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
    const raw = obj[key];
    if (raw === undefined || typeof raw === 'boolean') return raw ?? false;
    return raw === 'true' ? true : raw === 'false' ? false : raw;
  });

const PROXY = String.raw`(\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?|[0-9a-fA-F:]*:[0-9a-fA-F:.]*(/\d{1,3})?)`;

export class AppConfig {
  @IsEnum(EventStoreKind, { message: 'must be one of embedded, postgres, kurrentdb' })
  EVENT_STORE: EventStoreKind = EventStoreKind.Embedded;

  /** Embedded PostgreSQL (PGlite) data directory; locked by one process at a time. */
  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  /** Read models, keys and checkpoints; also the event store when EVENT_STORE=postgres. */
  @ValidateIf((c: AppConfig) => c.EVENT_STORE !== EventStoreKind.Embedded)
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE: number = 20;

  /** How long to wait for a connection to the database (pool or session) before failing. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_CONNECT_TIMEOUT_MS: number = 5_000;

  /**
   * Longest a statement may run (server-side statement_timeout; the client gives up a second
   * later, for a server that hangs without answering). Migrations are not bounded by it.
   */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_STATEMENT_TIMEOUT_MS: number = 5_000;

  /** A session that holds a transaction open and idle this long is ended by the server. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: number = 10_000;

  @ValidateIf((c: AppConfig) => c.EVENT_STORE === EventStoreKind.KurrentDb)
  @Matches(/^(kurrentdb|esdb|kdb)(\+discover)?:\/\//, {
    message: 'must be a kurrentdb:// (or esdb://) connection string',
  })
  KURRENTDB_CONNECTION_STRING?: string;

  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  /** Prefix of every Redis key the service writes, so deployments and test runs never collide. */
  @Matches(/^[a-zA-Z0-9:_-]+$/, { message: 'may contain letters, digits, ":", "_" and "-" only' })
  REDIS_PREFIX: string = 'safe-referral';

  @IsString()
  HOST: string = '0.0.0.0';

  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits, logs): empty
   * (none: the socket peer is the client), or comma-separated addresses/CIDRs of the proxies.
   * Not a hop count: with one, a client reaching the port directly could name any address.
   */
  @Matches(new RegExp(`^(|${PROXY}(\\s*,\\s*${PROXY})*)$`), {
    message: 'must be empty or comma-separated addresses or CIDRs of the proxies',
  })
  TRUST_PROXY: string = '';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** HTTP port of the standalone notification worker (health endpoints). */
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT: number = 3001;

  @IsEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsInt()
  @Min(10)
  @Max(60000)
  SUBSCRIPTION_POLL_INTERVAL_MS: number = 200;

  /**
   * While events keep coming, a subscriber waits this long after a batch before reading the
   * next, so that one read and one read-model transaction serve many events, not one or two.
   */
  @IsInt()
  @Min(0)
  @Max(1000)
  SUBSCRIPTION_LINGER_MS: number = 20;

  /**
   * Base64 of 32 random bytes; wraps every case's data key and the agencies' webhook secrets.
   * Required for a server store; the embedded default generates one in DATA_DIR when unset.
   */
  @ValidateIf(
    (c: AppConfig) => c.EVENT_STORE !== EventStoreKind.Embedded || c.MASTER_KEY !== undefined,
  )
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'must be the base64 encoding of exactly 32 bytes' })
  MASTER_KEY?: string;

  /** Accepted as an admin key of agency `system`, for first setup. */
  @IsOptional()
  @IsString()
  @MinLength(24, { message: 'must be at least 24 characters' })
  BOOTSTRAP_ADMIN_KEY?: string;

  /**
   * Cases whose folded state each API process keeps for commands and reads (least recently used
   * out first); a case not kept costs one stream read. A few KB each.
   */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  CASE_CACHE_SIZE: number = 10_000;

  /** Length of the reflection period that starts when trafficking status becomes `possible`. */
  @IsInt()
  @Min(1)
  @Max(365)
  REFLECTION_PERIOD_DAYS: number = 30;

  @IsInt()
  @Min(1)
  @Max(168)
  IDEMPOTENCY_TTL_HOURS: number = 24;

  /** Requests per minute per API key, across all replicas; 0 turns the limit off. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE: number = 1200;

  /** Requests with a missing or unknown API key per client address and minute; 0 turns it off. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  AUTH_FAILURES_PER_MINUTE: number = 60;

  // Webhooks to agencies. Attempts, delays and the timeout are named here only.

  /** `http://` webhook URLs (a trial with a receiver on the same machine); otherwise https only. */
  @Flag()
  @IsBoolean({ message: 'must be true or false' })
  ALLOW_HTTP_WEBHOOKS: boolean = false;

  /** Webhooks to loopback, private, link-local and other non-public addresses. */
  @Flag()
  @IsBoolean({ message: 'must be true or false' })
  ALLOW_PRIVATE_WEBHOOK_TARGETS: boolean = false;

  /** How long a receiver has to answer a webhook with 2xx before the attempt counts as failed. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** Attempts of one webhook before it is recorded as failed and its sender is told. */
  @IsInt()
  @Min(1)
  @Max(50)
  WEBHOOK_ATTEMPTS: number = 12;

  /** Delay before the first retry; each next one doubles it, with jitter (±50%). */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_BACKOFF_MS: number = 2_000;

  /** Webhooks delivered at once by each worker process. */
  @IsInt()
  @Min(1)
  @Max(1000)
  WEBHOOK_CONCURRENCY: number = 128;

  /**
   * How often the worker looks for notifications owed but missing from the queue (Redis was
   * down, or lost its data) and for referrals reaching a reminder or their deadline.
   */
  @IsInt()
  @Min(50)
  @Max(600_000)
  NOTIFICATION_SWEEP_INTERVAL_MS: number = 2_000;

  /**
   * The server's audit key: an Ed25519 private key in PKCS#8 PEM (`\n` may stand for line
   * breaks). It signs audit anchors and bundles; its public key is served to auditors.
   * Required by the API on a server store (it refuses to start without it); the embedded
   * default generates one in DATA_DIR when unset. The worker does not use it.
   */
  @IsOptional()
  @Matches(
    /^-----BEGIN PRIVATE KEY-----(\\n|\s)+[A-Za-z0-9+/=\s\\n]+-----END PRIVATE KEY-----\s*$/,
    {
      message: 'must be a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)',
    },
  )
  AUDIT_SIGNING_KEY?: string;

  /** How often an audit anchor (a signed Merkle root over every stream's head) is made. */
  @IsInt()
  @Min(1_000)
  @Max(7 * 24 * 3_600_000)
  AUDIT_ANCHOR_INTERVAL_MS: number = 3_600_000;

  /**
   * Published statistics: a count below this is suppressed (null), with secondary suppression,
   * for every role but auditors.
   */
  @IsInt()
  @Min(1)
  @Max(1000)
  STATISTICS_MIN_CELL: number = 5;

  /** The research export is k-anonymous with this k over its quasi-identifiers. */
  @IsInt()
  @Min(2)
  @Max(1000)
  EXPORT_MIN_K: number = 11;

  /** Anchors whose leaves are kept for verification and inclusion proofs (older: root only). */
  @IsInt()
  @Min(1)
  @Max(10_000)
  AUDIT_ANCHORS_KEPT: number = 48;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/**
 * Builds the validated configuration from an environment map. Fails with a message that names
 * every bad variable; never echoes values, which may be secrets.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(AppConfig, defined, {
    enableImplicitConversion: true,
    excludeExtraneousValues: false,
  });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(
      errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`),
    );
  }
  return config;
}

/** TRUST_PROXY as Fastify's `trustProxy` option. */
export function trustProxy(config: Pick<AppConfig, 'TRUST_PROXY'>): false | string {
  const value = config.TRUST_PROXY.trim();
  return value === '' ? false : value;
}
