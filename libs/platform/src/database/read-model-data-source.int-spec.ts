import { Column, Entity, PrimaryColumn, type DataSource } from 'typeorm';
import pg from 'pg';
import { startTestService, TEST_DATABASE_URL, type TestService } from '@lead/testing';
import { ShutdownRegistry } from '../lifecycle/shutdown-registry.js';
import {
  openReadModelDataSource,
  READ_MODEL_DATA_SOURCE,
  readModelDataSourceProvider,
  type ReadModelDefinition,
} from './read-model-data-source.js';

@Entity({ name: 'widget_counts' })
class WidgetCount {
  @PrimaryColumn('text')
  widget!: string;

  @Column('integer')
  count!: number;
}

@Entity({ name: 'widget_counts' })
class WidgetCountWithColour {
  @PrimaryColumn('text')
  widget!: string;

  @Column('text')
  colour!: string;
}

const definition: ReadModelDefinition = {
  component: 'widget-read-models',
  migrations: [
    {
      version: 1,
      name: 'widget counts',
      sql: (s) => `CREATE TABLE ${s}.widget_counts (widget text PRIMARY KEY, count integer NOT NULL)`,
    },
  ],
  entities: [WidgetCount],
};

describe('read-model data source', () => {
  let service: TestService;
  let db: pg.Pool;

  beforeAll(async () => {
    service = await startTestService({ providers: [readModelDataSourceProvider(definition)] });
    db = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await service?.close().catch(() => undefined);
    await db?.end();
  });

  it("maps the entities onto the tables the project's migrator created in the service's own schema", async () => {
    const dataSource = service.app.get<DataSource>(READ_MODEL_DATA_SOURCE);
    await dataSource.getRepository(WidgetCount).save({ widget: 'sprocket', count: 3 });

    const { rows } = await db.query(`SELECT widget, count FROM "${service.serviceSchema}".widget_counts`);
    expect(rows).toEqual([{ widget: 'sprocket', count: 3 }]);
    const migrations = await db.query(
      `SELECT component, version FROM "${service.serviceSchema}".schema_migrations WHERE component = $1`,
      [definition.component],
    );
    expect(migrations.rows).toEqual([{ component: 'widget-read-models', version: 1 }]);
  });

  it('refuses to open when an entity names a column its migrations never created', async () => {
    await expect(
      openReadModelDataSource({
        databaseUrl: TEST_DATABASE_URL,
        pool: db,
        schema: service.serviceSchema,
        applicationName: 'read-model test',
        definition: { ...definition, entities: [WidgetCountWithColour] },
      }),
    ).rejects.toThrow(/widget-read-models .* an entity does not match its table/);
  });

  it('is closed on shutdown once the workers have stopped', async () => {
    const dataSource = service.app.get<DataSource>(READ_MODEL_DATA_SOURCE);
    const journal: string[] = [];
    service.app.get(ShutdownRegistry).register({
      stop: async () => {
        // A projector's last write still goes through.
        await dataSource.getRepository(WidgetCount).save({ widget: 'gear', count: 1 });
        journal.push(`worker stopped, data source ${dataSource.isInitialized ? 'open' : 'closed'}`);
      },
    });
    await service.app.close();
    expect(journal).toEqual(['worker stopped, data source open']);
    expect(dataSource.isInitialized).toBe(false);
  });
});
