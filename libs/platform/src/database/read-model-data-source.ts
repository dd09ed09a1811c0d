import type { Provider } from '@nestjs/common';
import { migrate, type Migration } from '@lead/event-store';
import type pg from 'pg';
import type { Logger } from 'pino';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { SERVICE_DEFINITION, type ServiceDefinition } from '../bootstrap/service-definition.js';
import { ServiceConfig } from '../config/service-config.js';
import { ShutdownRegistry } from '../lifecycle/shutdown-registry.js';
import { LOGGER } from '../logging/logger.tokens.js';
import { connectionBoundOptions, type ConnectionBounds } from './connection-bounds.js';
import { connectionBoundsOf, DATABASE_POOL } from './database-pool.js';
import { SERVICE_SCHEMA } from './service-schema.js';

/** Injection token of the service's read-model `DataSource` (TypeORM) on the service's own schema. */
export const READ_MODEL_DATA_SOURCE = Symbol('ReadModelDataSource');

/** The read models of one service: their tables (versioned DDL) and the TypeORM entities mapped onto them. */
export interface ReadModelDefinition {
  /** Names these migrations in `<schema>.schema_migrations`, beside the idempotency keys' and the inbox's. */
  component: string;
  /** The tables, created and changed only here: TypeORM never synchronizes the schema. */
  migrations: readonly Migration[];
  /** The entity classes. Each is checked against its table at start-up. */
  entities: NonNullable<DataSourceOptions['entities']>;
  /** Connections of the data source's own pool (TypeORM cannot borrow the service's `pg.Pool`). Default 4. */
  poolSize?: number;
}

export interface OpenReadModelOptions {
  databaseUrl: string;
  /** The service's pool: runs the migrations, under the same advisory lock as the service's other components. */
  pool: pg.Pool;
  schema: string;
  applicationName: string;
  definition: ReadModelDefinition;
  /** The server-side bounds of the data source's sessions (the service's, as on its `pg.Pool`). None by default. */
  connectionBounds?: ConnectionBounds;
  onPoolError?: (error: Error) => void;
}

/**
 * Migrates the read-model tables with the project's migrator, then opens a TypeORM data source on
 * the same schema (`synchronize` off, no TypeORM migrations). Every entity is selected once with
 * `LIMIT 0`, so an entity naming a column its migrations never created stops the service at start-up
 * instead of failing its first query.
 */
export async function openReadModelDataSource(options: OpenReadModelOptions): Promise<DataSource> {
  const { definition, schema } = options;
  await migrate(options.pool, schema, definition.migrations, definition.component);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    schema,
    entities: definition.entities,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: definition.poolSize ?? 4,
    applicationName: options.applicationName.slice(0, 63),
    // Without it a connect to an unreachable host waits for the OS TCP timeout (minutes).
    connectTimeoutMS: 5000,
    ...(options.connectionBounds ? { extra: connectionBoundOptions(options.connectionBounds) } : {}),
    ...(options.onPoolError ? { poolErrorHandler: options.onPoolError } : {}),
  });
  await dataSource.initialize();
  try {
    for (const entity of dataSource.entityMetadatas) {
      await dataSource.createQueryBuilder(entity.target, 'e').limit(0).getMany();
    }
  } catch (error) {
    await dataSource.destroy();
    throw new Error(
      `Read model ${definition.component} on schema ${schema}: an entity does not match its table: ${(error as Error).message}`,
    );
  }
  return dataSource;
}

/**
 * The `READ_MODEL_DATA_SOURCE` provider of a service on the platform. The data source is closed on
 * shutdown after the workers (its projectors) have stopped, and before the service's pool.
 */
export function readModelDataSourceProvider(definition: ReadModelDefinition): Provider {
  return {
    provide: READ_MODEL_DATA_SOURCE,
    inject: [ServiceConfig, DATABASE_POOL, SERVICE_SCHEMA, SERVICE_DEFINITION, ShutdownRegistry, LOGGER],
    useFactory: async (
      config: ServiceConfig,
      pool: pg.Pool,
      schema: string,
      service: ServiceDefinition,
      shutdown: ShutdownRegistry,
      logger: Logger,
    ): Promise<DataSource> => {
      const dataSource = await openReadModelDataSource({
        databaseUrl: config.DATABASE_URL,
        pool,
        schema,
        applicationName: `${service.serviceName} read models`,
        definition,
        connectionBounds: connectionBoundsOf(config),
        // An idle client whose server went away emits 'error' on the pool; unhandled, it kills the process.
        onPoolError: (error) =>
          logger.warn({ err: error, component: definition.component }, 'idle read-model connection failed'),
      });
      shutdown.registerResource({ stop: async () => (dataSource.isInitialized ? dataSource.destroy() : undefined) });
      return dataSource;
    },
  };
}
