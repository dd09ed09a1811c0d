/**
 * The key scope of one arrest's offense narrative (libs/crypto `sealScoped`): destroying its key erases that
 * narrative alone, when the prosecution service expunges the arrest.
 */
export const arrestScope = (referralId: string): string => `arrest:${referralId.toLowerCase()}`;
