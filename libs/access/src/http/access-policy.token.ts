/** Injection token of the service's `AccessPolicy`. */
export const ACCESS_POLICY = Symbol('AccessPolicy');
