// Types of kafka-mock.mjs for the TypeScript tests and benchmarks that start a broker of their own.
export interface MockBroker {
  bootstrap: string;
  control: string;
  pid: number;
  stop(): Promise<void>;
}
export const STANDARD_TOPICS: string[];
export function buildKafkaMock(): Promise<string>;
export function startKafkaMock(options?: {
  brokers?: number;
  partitions?: number;
  topics?: string[];
}): Promise<MockBroker>;
export function ensureKafka(options?: {
  quiet?: boolean;
}): Promise<{ KAFKA_BROKERS: string; KAFKA_MOCK_CONTROL?: string }>;
export function stopKafkaMock(): Promise<void>;
export function controlCommand(control: string, command: string): Promise<string>;
