import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  CONSOLE_CONTENT_SECURITY_POLICY,
  defaultConsoleDirectory,
  mountConsole,
} from './serve-console';

@Module({})
class EmptyModule {}

describe('the console at /console', () => {
  let directory: string;
  let app: NestFastifyApplication | undefined;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'safe-referral-console-'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await rm(directory, { recursive: true, force: true });
  });

  async function serve() {
    app = await NestFactory.create<NestFastifyApplication>(EmptyModule, new FastifyAdapter(), {
      logger: false,
    });
    await mountConsole(app, directory);
    await app.init();
    const fastify = app.getHttpAdapter().getInstance();
    await fastify.ready();
    return (url: string) => fastify.inject({ method: 'GET', url });
  }

  it('is looked for in dist/console of the project, from its sources or from dist/', () => {
    const root = join(__dirname, '../../../..');
    expect(defaultConsoleDirectory()).toBe(join(root, 'dist/console'));
    expect(defaultConsoleDirectory(join(root, 'dist/apps/referral-api/src/console'))).toBe(
      join(root, 'dist/console'),
    );
  });

  it('answers 404 problem+json saying so when the console was not built', async () => {
    const get = await serve();
    for (const url of ['/console', '/console/', '/console/assets/index.js']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: 404,
        detail: expect.stringContaining('npm run build'),
      });
    }
  });

  it('serves index.html for every page, hashed assets immutable, all under a strict CSP', async () => {
    await mkdir(join(directory, 'assets'));
    await writeFile(join(directory, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(directory, 'assets/index-Ab12Cd34.js'), 'export {};');
    const get = await serve();

    for (const url of ['/console', '/console/', '/console/anything/else']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body).toContain('<title>console</title>');
    }
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONSOLE_CONTENT_SECURITY_POLICY).not.toContain('unsafe');

    const asset = await get('/console/assets/index-Ab12Cd34.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);

    expect((await get('/console/assets/missing.js')).statusCode).toBe(404);
    expect((await get('/console/assets/../index.html')).statusCode).not.toBe(500);
  });
});
