/** Largest JSON body accepted; commands are small, and a cap keeps a client from exhausting memory. */
export const JSON_BODY_LIMIT = '100kb';
