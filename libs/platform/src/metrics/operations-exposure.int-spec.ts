import { startTestService, type TestService } from '@lead/testing';

const TOKEN = 'scrape-7f3a9c1e5b2d4f6a8c0e2b4d6f8a0c1e';

/** `/metrics` and `/docs` as the exposure settings make them (config/operations-exposure.ts). */
describe('operations endpoints exposure', () => {
  describe('with NODE_ENV=production and METRICS_TOKEN', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ env: { NODE_ENV: 'production', METRICS_TOKEN: TOKEN } });
    });
    afterAll(async () => {
      await service?.close();
    });

    it('answers /metrics 401 problem+json without the token or with another, 200 with it', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token-wrong-token-wrong-token', `Basic ${TOKEN}`, TOKEN]) {
        const refused = await fetch(`${service.url}/metrics`, {
          headers: authorization === undefined ? {} : { authorization },
        });
        expect({ authorization, status: refused.status }).toEqual({ authorization, status: 401 });
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
        expect(await refused.text()).not.toContain('lead_http_request_duration_seconds');
      }
      const scraped = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('# TYPE lead_http_request_duration_seconds histogram');
    });

    it('serves no OpenAPI document: /docs, /docs-json and /docs-yaml answer 404', async () => {
      for (const path of ['/docs', '/docs-json', '/docs-yaml']) {
        const answer = await fetch(`${service.url}${path}`);
        expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      }
    });
  });

  describe('with NODE_ENV=production and no token', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService({ env: { NODE_ENV: 'production' } });
    });
    afterAll(async () => {
      await service?.close();
    });

    it('answers /metrics 404, like a path that does not exist', async () => {
      const answer = await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });

  describe('by default (development)', () => {
    let service: TestService;
    beforeAll(async () => {
      service = await startTestService();
    });
    afterAll(async () => {
      await service?.close();
    });

    it('serves /metrics and the document to anyone, as `npm start` and the tests read them', async () => {
      expect((await fetch(`${service.url}/metrics`)).status).toBe(200);
      expect((await fetch(`${service.url}/docs-json`)).status).toBe(200);
    });
  });
});
