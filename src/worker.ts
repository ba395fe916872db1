/**
 * `npm run worker`: a long-running process that takes analysis-job chunks from the shared Redis
 * (REDIS_URL) and runs them through the same pipeline as the gateway. Start any number, on any
 * number of machines; a killed worker's chunks go to the others after JOB_LOCK_MS.
 */
import { ConfigError } from './config/config.errors.js';
import { loadProcessConfig } from './config/config.load.js';
import type { Config } from './config/config.types.js';
import { createGateway } from './server/gateway.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadProcessConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (!config.jobs.redisUrl && !config.cache.redisUrl)
    fail('REDIS_URL: a worker takes jobs from Redis; without it jobs run inside the gateway');
  if (config.jobs.workerConcurrency === 0) fail('JOB_WORKER_CONCURRENCY: a worker needs at least 1');
  // The gateway object gives the worker the same clients, caches, budgets and context factory; it serves no HTTP.
  const gateway = await createGateway(config);
  gateway.log.info({ concurrency: config.jobs.workerConcurrency, pid: process.pid }, 'job worker ready');
  process.stdout.write(`hybrid-ai-gateway worker ready (pid ${process.pid}, concurrency ${config.jobs.workerConcurrency})\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    gateway.log.info({ signal }, 'worker shutting down');
    try {
      await gateway.stop();
    } catch (error) {
      gateway.log.error({ err: error }, 'worker shutdown failed');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
