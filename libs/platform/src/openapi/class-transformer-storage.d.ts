// class-transformer ships its declarations under types/, not beside cjs/storage.js, where `@Type()` records nested types.
declare module 'class-transformer/cjs/storage.js' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';
  export const defaultMetadataStorage: MetadataStorage;
}
